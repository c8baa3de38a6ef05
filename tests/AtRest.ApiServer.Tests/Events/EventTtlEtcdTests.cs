using AtRest.ApiServer.Tests.EndToEnd;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.ApiServer.Tests.Events;

/// <summary>
/// <c>--event-ttl</c> on real etcd and on the embedded store: an event created with kubectl is written with a time to
/// live (an etcd lease), expires, and <c>kubectl get events -w</c> sees it DELETED; the other kinds never expire.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EventTtlEtcdTests : IDisposable
{
    private readonly TempDirectory _scratch = new("event-ttl");

    public static TheoryData<string> Backends => new("etcd", "sqlite");

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task An_event_expires_after_the_event_ttl_and_watch_sees_it_deleted(string backend)
    {
        var token = TestContext.Current.CancellationToken;
        await using var etcd = backend == "etcd" ? await EtcdServer.StartAsync(cancellationToken: token) : null;
        string[] arguments = etcd is null ? ["--event-ttl", "4s"] : ["--etcd-servers", etcd.Endpoint, "--event-ttl", "4s"];
        await using var server = await AtRestServer.StartAsync(_scratch.File("data"), arguments, token);
        var kubectl = new EndToEnd.Kubectl(KubectlBinaries.Dispatcher, server.KubeconfigPath, _scratch.Path);
        (await kubectl.RunAsync("create", "configmap", "stays", "--from-literal", "a=b")).EnsureSuccess();
        await using var watch = new WatchLines(kubectl.Start("get", "events", "-w", "--output-watch-events"));
        var file = _scratch.File("event.yaml");
        File.WriteAllText(file, EventManifests.About("stays.1", "default", "ConfigMap", "stays", "default", "u-1", "ShortLived", "gone soon"));

        (await kubectl.RunAsync("create", "-f", file)).EnsureSuccess();

        Assert.Matches(@"^ADDED\s+\S+\s+Warning\s+ShortLived\s+configmap/stays\s+gone soon", await watch.UntilAsync(line => line.Contains("ShortLived", StringComparison.Ordinal)));
        Assert.Matches(@"^DELETED\s+\S+\s+Warning\s+ShortLived\s+configmap/stays\s+gone soon", await watch.UntilAsync(line => line.StartsWith("DELETED", StringComparison.Ordinal)));
        var missing = await kubectl.RunAsync("get", "event", "stays.1");
        Assert.Contains("Error from server (NotFound): events \"stays.1\" not found", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("stays", (await kubectl.RunAsync("get", "configmap", "stays", "-o", "name")).EnsureSuccess().Stdout, StringComparison.Ordinal);
    }
}
