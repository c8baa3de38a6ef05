using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.Support;
using static AtRest.ApiServer.Tests.Hostile.HostileRequests;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// The same request semantics over a real etcd: a dry run in the DeleteOptions body changes no key, value or revision,
/// an Exact list reads etcd at the old revision (410 once compacted), and an undecryptable value is removed only by the
/// unsafe delete.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileEtcdBackendTests : IAsyncLifetime
{
    private const string Secrets = "api/v1/namespaces/victim/secrets";
    private HostileServer _server = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await HostileServer.StartAsync(EncryptionConfigs.AescbcKey1(), etcd: true);
        _client = _server.AdminClient();
        await SeedAsync(_client);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Dry_run_deletes_in_the_body_change_nothing_in_etcd()
    {
        var before = await _server.DumpAsync();

        await ExpectAsync(_client, "DELETE", $"{Secrets}/s1", """{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"]}""", 200);
        var (status, json, _) = await _client.SendAsync("DELETE", "api/v1/namespaces/victim", ProtobufDeleteOptions("Background", "All"), "application/vnd.kubernetes.protobuf");
        Assert.True(status == 200, $"{status} {json?.ToJsonString()}");
        await ExpectAsync(_client, "DELETE", Secrets, """{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"]}""", 200);

        Assert.Equal(before, await _server.DumpAsync());
    }

    [Fact]
    public async Task Exact_lists_read_etcd_at_the_revision_until_it_is_compacted()
    {
        var first = Version(await ExpectAsync(_client, "POST", Secrets, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"old"},"data":{"v":"MQ=="}}""", 201));
        await ExpectAsync(_client, "PUT", $"{Secrets}/old", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"old"},"data":{"v":"Mg=="}}""", 200);

        var list = await ExpectAsync(_client, "GET", $"{Secrets}?resourceVersion={first}&resourceVersionMatch=Exact", null, 200);
        Assert.Equal(first, list!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("MQ==", list["items"]![0]!["data"]!["v"]!.GetValue<string>());

        await _server.Store.CompactAsync(await _server.Store.CurrentRevisionAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        var gone = await ExpectAsync(_client, "GET", $"{Secrets}?resourceVersion={first}&resourceVersionMatch=Exact", null, 410);
        Assert.Equal("The resourceVersion for the provided list is too old.", gone!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_undecryptable_value_in_etcd_is_listed_as_corrupt_and_removed_only_by_the_unsafe_delete()
    {
        const string Key = "/registry/secrets/victim/broken";
        await _server.Store.CreateAsync(Key, (byte[])[.. "k8s:enc:aescbc:v1:key1:"u8.ToArray(), .. RandomNumberGenerator.GetBytes(48)], TestContext.Current.CancellationToken);

        var list = await ExpectAsync(_client, "GET", Secrets, null, 500);
        Assert.Equal(Key, list!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        await ExpectAsync(_client, "DELETE", $"{Secrets}/broken", null, 500);
        await ExpectAsync(_client, "DELETE", $"{Secrets}/broken", """{"ignoreStoreReadErrorWithClusterBreakingPotential":true}""", 200);

        Assert.Null(await _server.Store.GetAsync(Key, TestContext.Current.CancellationToken));
        await ExpectAsync(_client, "GET", Secrets, null, 200);
    }

    private static string Version(JsonNode? obj) => obj!["metadata"]!["resourceVersion"]!.GetValue<string>();
}
