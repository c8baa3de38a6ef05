using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Server;

/// <summary>
/// The embedded store on a real file system that fills up (an 8 MiB tmpfs): writes get a 507 Status naming the
/// cause, <c>/readyz</c> reports it, reads keep working, and a restart on the full disk exits with one line and
/// leaves no temporary file.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileDiskFullTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_disk_refuses_writes_with_507_reports_it_in_readyz_and_keeps_reads()
    {
        using var disk = new TmpfsMount(megabytes: 8);
        var data = Path.Combine(disk.Path, "data");
        await using (var server = await AtRestServer.StartAsync(data, cancellationToken: Cancel))
        {
            using var client = ServerAdminClient.Create(server, TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.Created, (await CreateConfigMapAsync(client, "kept", 1024)).StatusCode);

            HttpResponseMessage refused = null!;
            for (var i = 0; i < 64; i++)
            {
                refused = await CreateConfigMapAsync(client, $"big-{i}", 700 * 1024);
                if (refused.StatusCode != HttpStatusCode.Created)
                {
                    break;
                }
            }

            Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
            using (var status = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Cancel)))
            {
                Assert.Equal(507, status.RootElement.GetProperty("code").GetInt32());
                Assert.Contains("database or disk is full", status.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
            }

            var ready = await client.GetAsync("/readyz?verbose", Cancel);
            Assert.Equal(HttpStatusCode.InternalServerError, ready.StatusCode);
            Assert.Contains("[-]etcd failed: insufficient storage:", await ready.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces/default/configmaps/kept", Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces/default/configmaps?limit=1", Cancel)).StatusCode);
            Assert.DoesNotContain("   at ", server.Log, StringComparison.Ordinal);
        }

        disk.FillUp();
        var before = Directory.GetFiles(data, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var (exit, stdout, stderr) = await AtRestServer.RunCliAsync(["server", "--data-dir", data, "--secure-port", "0"], timeout.Token);

        // A start on a full disk may serve read-only; this one cannot write its kubeconfig and says so in one line.
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEqual(0, exit);
        var line = Assert.Single(errors);
        Assert.StartsWith("Error: ", line, StringComparison.Ordinal);
        Assert.Contains("No space left on device", line + System.Text.Encoding.UTF8.GetString(stdout), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", System.Text.Encoding.UTF8.GetString(stdout), StringComparison.Ordinal);
        var after = Directory.GetFiles(data, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.DoesNotContain(after, file => file.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Equal(before.Where(file => !file.EndsWith("-wal", StringComparison.Ordinal) && !file.EndsWith("-shm", StringComparison.Ordinal)),
            after.Where(file => !file.EndsWith("-wal", StringComparison.Ordinal) && !file.EndsWith("-shm", StringComparison.Ordinal)));
    }

    private static async Task<HttpResponseMessage> CreateConfigMapAsync(HttpClient client, string name, int bytes)
    {
        // Random text, so that nothing on the way can make it smaller.
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes * 3 / 4));
        using var body = new StringContent(
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"blob":"{{{value}}}"}}""", System.Text.Encoding.UTF8, "application/json");
        return await client.PostAsync("/api/v1/namespaces/default/configmaps", body, Cancel);
    }
}
