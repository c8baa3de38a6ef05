using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// Watchers that stop reading while large objects are written: the server's memory stays bounded, the stalled watches
/// are closed as kube-apiserver closes unresponsive watchers, and a client that re-watches from the last
/// resourceVersion it saw gets every later event exactly once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileSlowWatcherTests : IDisposable
{
    private const int StalledWatchers = 10;
    private const int ConfigMaps = 600;
    private const int BlobBytes = 900 * 1024;
    private const long RssLimit = 500L * 1024 * 1024;
    private const string ForcedClose = "Forcing configmaps watcher close due to unresponsiveness";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    private readonly TempDirectory scratch = new("slow-watchers");

    public void Dispose() => scratch.Dispose();

    [Fact]
    public async Task Stalled_watchers_on_sqlite_are_closed_memory_stays_under_500_MB_and_a_resumed_watch_sees_every_event_once()
    {
        await using var server = await AtRestServer.StartAsync(scratch.File("data"), cancellationToken: TestContext.Current.CancellationToken);
        await StallWatchersWhileWritingLargeObjectsAsync(server);
    }

    [Fact]
    public async Task Stalled_watchers_on_etcd_are_closed_memory_stays_under_500_MB_and_a_resumed_watch_sees_every_event_once()
    {
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var server = await AtRestServer.StartAsync(
            scratch.File("data"), ["--etcd-servers", etcd.Endpoint], TestContext.Current.CancellationToken);
        await StallWatchersWhileWritingLargeObjectsAsync(server);
    }

    private static async Task StallWatchersWhileWritingLargeObjectsAsync(AtRestServer server)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        var token = deadline.Token;
        using var client = WatchClients.Create(server);
        var list = JsonNode.Parse(await client.GetStringAsync("api/v1/namespaces/default/configmaps", token))!;
        var startRevision = (string)list["metadata"]!["resourceVersion"]!;
        string WatchFrom(string revision) => $"api/v1/namespaces/default/configmaps?watch=1&resourceVersion={revision}";

        // Ten watchers that never read a byte of the body, plus one that stalls too and later resumes.
        var stalledClients = Enumerable.Range(0, StalledWatchers + 1).Select(_ => WatchClients.Create(server, receiveBufferBytes: 4096)).ToList();
        var stalled = new List<HttpResponseMessage>();
        try
        {
            foreach (var stalledClient in stalledClients)
            {
                stalled.Add(await WatchClients.StartWatchAsync(stalledClient, WatchFrom(startRevision), token));
            }

            var peak = await CreateLargeConfigMapsAsync(server, client, token);
            var highWaterMark = ProcessMemory.PeakResidentBytes(server.ProcessId);
            TestContext.Current.TestOutputHelper?.WriteLine($"server RSS: highest sampled {peak / 1048576} MB, VmHWM {highWaterMark / 1048576} MB");
            Assert.True(peak < RssLimit && highWaterMark < RssLimit,
                $"the server's resident memory reached {peak / 1048576} MB (peak VmHWM {highWaterMark / 1048576} MB) with {StalledWatchers + 1} stalled watchers; the limit is {RssLimit / 1048576} MB");

            await WaitForLogAsync(server, ForcedClose, StalledWatchers + 1, token);

            // Every stalled watch was closed: reading it now ends after the few events that were in flight.
            for (var i = 0; i < StalledWatchers; i++)
            {
                using var reader = new WatchStreamReader(await stalled[i].Content.ReadAsStreamAsync(token));
                var received = 0;
                while (await reader.NextAsync(token) is not null)
                {
                    received++;
                }

                Assert.True(received < ConfigMaps, $"stalled watcher {i} was not closed: it delivered all {received} events");
            }

            // The last one resumes: it reads what it got, then re-watches from the last resourceVersion it saw, until done.
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            var lastRevision = long.Parse(startRevision, CultureInfo.InvariantCulture);
            var streams = 1;
            var current = new WatchStreamReader(await stalled[StalledWatchers].Content.ReadAsStreamAsync(token));
            HttpResponseMessage? resumed = null;
            try
            {
                while (seen.Count < ConfigMaps)
                {
                    var e = await current.NextAsync(token);
                    if (e is null)
                    {
                        current.Dispose();
                        resumed?.Dispose();
                        resumed = await WatchClients.StartWatchAsync(client, WatchFrom(lastRevision.ToString(CultureInfo.InvariantCulture)), token);
                        current = new WatchStreamReader(await resumed.Content.ReadAsStreamAsync(token));
                        streams++;
                        continue;
                    }

                    Assert.True((string?)e["type"] == "ADDED", $"expected an ADDED event, got {Truncate(e.ToJsonString())}");
                    var metadata = e["object"]!["metadata"]!;
                    var name = (string)metadata["name"]!;
                    var revision = long.Parse((string)metadata["resourceVersion"]!, CultureInfo.InvariantCulture);
                    Assert.True(revision > lastRevision, $"{name} at revision {revision} came after revision {lastRevision}");
                    Assert.True(seen.TryAdd(name, revision), $"{name} was delivered twice");
                    lastRevision = revision;
                }
            }
            finally
            {
                current.Dispose();
                resumed?.Dispose();
            }

            Assert.Equal(ConfigMaps, seen.Count);
            Assert.True(streams >= 2, "the resuming watcher's first stream was never closed");
        }
        finally
        {
            stalled.ForEach(r => r.Dispose());
            stalledClients.ForEach(c => c.Dispose());
        }
    }

    // Creates the objects one by one and returns the highest resident memory seen after each; stops early (and so fails)
    // once the limit is passed, rather than pushing a shared machine towards the gigabytes the old server reached.
    private static async Task<long> CreateLargeConfigMapsAsync(AtRestServer server, HttpClient client, CancellationToken token)
    {
        var blob = new StringBuilder(BlobBytes);
        var random = new Random(7);
        while (blob.Length < BlobBytes)
        {
            blob.Append((char)('a' + random.Next(26)));
        }

        var blobText = blob.ToString();
        long peak = 0;
        for (var i = 0; i < ConfigMaps && peak < RssLimit; i++)
        {
            var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big-{{{i:D3}}}"},"data":{"blob":"{{{i:D3}}}{{{blobText}}}"}}""";
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var created = await client.PostAsync("api/v1/namespaces/default/configmaps", content, token);
            Assert.True(created.IsSuccessStatusCode, $"creating big-{i:D3} answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(token)}");
            var resident = ProcessMemory.ResidentBytes(server.ProcessId);
            peak = Math.Max(peak, resident);
            if (i % 50 == 0)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"after {i + 1} objects: server RSS {resident / 1048576} MB " + string.Join(" ", File.ReadLines($"/proc/{server.ProcessId}/status").Where(l => l.StartsWith("Rss", StringComparison.Ordinal))));
            }
        }

        return peak;
    }

    private static string Truncate(string text) => text.Length <= 600 ? text : text[..600] + "…";

    private static async Task WaitForLogAsync(AtRestServer server, string text, int count, CancellationToken token)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
        wait.CancelAfter(TimeSpan.FromMinutes(2));
        while (Occurrences(server.Log, text) < count)
        {
            if (wait.IsCancellationRequested)
            {
                Assert.Fail($"the server logged \"{text}\" {Occurrences(server.Log, text)} times, not {count}. Its log:\n{server.Log}");
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static int Occurrences(string log, string text)
    {
        var count = 0;
        for (var at = log.IndexOf(text, StringComparison.Ordinal); at >= 0; at = log.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
