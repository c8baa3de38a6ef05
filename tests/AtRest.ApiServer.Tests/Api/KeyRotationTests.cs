using System.Net;
using System.Text;
using AtRest.ApiServer.Tests.Support;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Api;

/// <summary>The documented rotation procedure over HTTP: restart with a new first key, then replace every secret unchanged.</summary>
[Trait("Category", "Integration")]
public sealed class KeyRotationTests
{
    private const string Key = "/registry/secrets/default/s1";

    [Fact]
    public async Task UnchangedReplace_AfterRestartWithNewFirstKey_RewritesWithNewKey()
    {
        using var folder = new TempDirectory("rotation");
        await using (var before = await TestApiServer.StartAsync(EncryptionConfigs.AescbcKey1(), databaseFolder: folder.Path))
        {
            await before.Client.CreateSecretAsync("s1");
            Assert.StartsWith("k8s:enc:aescbc:v1:key1:", await RawPrefixAsync(before));
        }

        await using var after = await TestApiServer.StartAsync(EncryptionConfigs.AescbcKey2First(), databaseFolder: folder.Path);
        var (_, current) = await after.Client.GetJsonAsync("api/v1/namespaces/default/secrets/s1");

        var (response, replaced) = await after.Client.SendAsync(HttpMethod.Put, "api/v1/namespaces/default/secrets/s1", current!.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual((string?)current["metadata"]!["resourceVersion"], (string?)replaced!["metadata"]!["resourceVersion"]);
        Assert.Equal((string?)current["data"]!["user"], (string?)replaced["data"]!["user"]);
        Assert.StartsWith("k8s:enc:aescbc:v1:key2:", await RawPrefixAsync(after));
    }

    private static async Task<string> RawPrefixAsync(TestApiServer server)
    {
        var raw = await server.Store.GetAsync(Key, TestContext.Current.CancellationToken);
        return Encoding.ASCII.GetString(raw!.Value, 0, 23);
    }
}
