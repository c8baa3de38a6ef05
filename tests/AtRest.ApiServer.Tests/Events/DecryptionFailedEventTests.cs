using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Events;

/// <summary>
/// A stored value no provider can decrypt: the read that meets it answers 500 as before, and the server records one
/// Warning event about that object in its namespace, naming the key and the reason but never the value.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DecryptionFailedEventTests : IAsyncLifetime
{
    private const string BrokenKey = "/registry/secrets/victim/broken";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly byte[] _ciphertext = RandomNumberGenerator.GetBytes(48);
    private TestApiServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestApiServer.StartAsync(EncryptionConfigs.AescbcKey1());
        await _server.Store.CreateAsync(BrokenKey, (byte[])[.. "k8s:enc:aescbc:v1:key1:"u8.ToArray(), .. _ciphertext], TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Reading_it_records_one_warning_about_the_object()
    {
        var token = TestContext.Current.CancellationToken;
        Assert.Equal(500, (int)(await _server.Client.GetAsync("api/v1/namespaces/victim/secrets/broken", token)).StatusCode);
        Assert.Equal(500, (int)(await _server.Client.GetAsync("api/v1/namespaces/victim/secrets", token)).StatusCode);

        var items = await EventsAsync(token);

        var e = Assert.Single(items)!;
        Assert.Equal("Warning", e["type"]!.GetValue<string>());
        Assert.Equal("DecryptionFailed", e["reason"]!.GetValue<string>());
        Assert.Equal(1, e["count"]!.GetValue<int>());
        Assert.Equal("apiserver", e["source"]!["component"]!.GetValue<string>());
        Assert.Equal(
            """{"kind":"Secret","namespace":"victim","name":"broken","apiVersion":"v1"}""",
            e["involvedObject"]!.ToJsonString());
        var message = e["message"]!.GetValue<string>();
        Assert.StartsWith("Secret victim/broken cannot be read under the encryption configuration serving (key /registry/secrets/victim/broken): ", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(_ciphertext), message, StringComparison.Ordinal);
        Assert.DoesNotContain(EncryptionConfigs.Key1, message, StringComparison.Ordinal);
    }

    private async Task<JsonArray> EventsAsync(CancellationToken token)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(Deadline);
        while (true)
        {
            var list = JsonNode.Parse(await _server.Client.GetStringAsync("api/v1/namespaces/victim/events", deadline.Token))!;
            if (list["items"]!.AsArray().Count > 0)
            {
                return list["items"]!.AsArray();
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
