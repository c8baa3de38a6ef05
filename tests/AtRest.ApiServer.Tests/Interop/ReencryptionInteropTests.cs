using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AtRest.ApiServer.Lifecycle;
using AtRest.ApiServer.Tests.Lifecycle;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;
using AtRest.Tests.Shared.KubeApiServer;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// Offline re-encryption of the etcd a real kube-apiserver v1.20.2 wrote: secrets created through kube-apiserver under
/// aescbc key1, <c>atrest secrets-encrypt reencrypt --etcd-servers</c> while it is stopped, and kube-apiserver started
/// again with key2 alone reads every one of them.
/// </summary>
[Collection(InteropCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ReencryptionInteropTests : IDisposable
{
    private const int Count = 200;
    private readonly TempDirectory _directory = new("reencrypt-interop");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Kube_apiserver_with_only_the_new_key_reads_everything_after_offline_reencryption()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: ct);
        await using var kube = await RealKubeApiServer.StartAsync(etcd.Endpoint, "/registry", ReencryptionConfigs.Old, ct);
        using (var client = Client(kube))
        {
            for (var i = 0; i < Count; i++)
            {
                var body = $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s-{{{i}}}"},"stringData":{"value":"secret number {{{i}}}"}}""";
                using var created = await client.PostAsync("/api/v1/namespaces/default/secrets", new StringContent(body, Encoding.UTF8, "application/json"), ct);
                Assert.True(created.StatusCode == HttpStatusCode.Created, $"{created.StatusCode}: {await created.Content.ReadAsStringAsync(ct)}\n{kube.Log}");
            }
        }

        await kube.StopAsync();
        var config = _directory.File("new.yaml");
        await File.WriteAllTextAsync(config, ReencryptionConfigs.New, ct);

        var run = await AtRestServer.RunCliAsync(
            ["secrets-encrypt", "reencrypt", "--etcd-servers", etcd.Endpoint, "--encryption-provider-config", config, "-o", "json"], ct);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        var finished = JsonSerializer.Deserialize<ReencryptionRun>(run.Stdout, LifecycleJson.Options)!;
        Assert.Equal(ReencryptionState.Completed, finished.State);
        Assert.Equal((0L, 0L), (finished.Failed, finished.Skipped));
        Assert.True(finished.Rewritten >= Count, $"{finished.Rewritten} rewritten");

        var inventory = await AtRestServer.RunCliAsync(
            ["secrets-encrypt", "inventory", "--etcd-servers", etcd.Endpoint, "--encryption-provider-config", config, "--no-history", "-o", "json"], ct);
        var secrets = Assert.Single(JsonSerializer.Deserialize<InventoryReport>(inventory.Stdout, LifecycleJson.Options)!.Resources, r => r.Resource == "secrets");
        Assert.Equal(new Dictionary<string, long> { ["k8s:enc:aescbc:v1:key2:"] = finished.Rewritten }, secrets.ByKey);

        await kube.RestartAsync(ReencryptionConfigs.NewOnly, ct);
        using (var client = Client(kube))
        {
            using var list = await client.GetAsync("/api/v1/secrets", ct);
            Assert.True(list.StatusCode == HttpStatusCode.OK, $"{list.StatusCode}: {await list.Content.ReadAsStringAsync(ct)}\n{kube.Log}");
            for (var i = 0; i < Count; i++)
            {
                using var document = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/namespaces/default/secrets/s-{i}", ct));
                var value = Convert.FromBase64String(document.RootElement.GetProperty("data").GetProperty("value").GetString()!);
                Assert.Equal($"secret number {i}", Encoding.UTF8.GetString(value));
            }
        }
    }

    private static HttpClient Client(RealKubeApiServer kube)
    {
#pragma warning disable CA5400, CA2000 // kube-apiserver's self-signed test certificate; the handler is owned by the client.
        var client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
#pragma warning restore CA5400, CA2000
        {
            BaseAddress = new Uri(kube.Url),
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", kube.Token);
        return client;
    }
}
