using System.Text;
using System.Text.Json;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>
/// The article's steps on AtRest, with its commands verbatim: two secrets in plain text at rest, encryption turned on
/// (aescbc then identity), a new secret encrypted while the old ones stay plain, the get | replace pipeline, and then
/// every secret encrypted at rest and still readable through the API.
/// </summary>
internal static class ArticleWalkthrough
{
    /// <summary>Values the log must never contain (the user name "admin" is left out: it names the admin user too).</summary>
    public static readonly string[] SecretsNeverLogged =
    [
        "12345678", "MTIzNDU2Nzg=", "YWRtaW4=", "d29ybGQ=", ArticleFiles.KeyText, ArticleFiles.KeyBase64,
    ];

    /// <summary>Runs the walkthrough; <paramref name="enableEncryption"/> applies the article's ec1.yaml (restart or reload).</summary>
    public static async Task RunAsync(AtRestServer server, Kubectl kubectl, RawStoreView raw, Func<Task> enableEncryption)
    {
        // Secrets are only base64-encoded: the raw view shows them in plain text.
        (await kubectl.RunAsync("create", "secret", "generic", "secret1", "--from-literal", "user=admin")).EnsureSuccess();
        (await kubectl.RunAsync("create", "secret", "generic", "secret2", "--from-literal", "pass=12345678")).EnsureSuccess();
        var secret1 = await raw.GetAsync("/registry/secrets/default/secret1");
        AssertPlain(secret1, "admin");
        AssertPlain(await raw.GetAsync("/registry/secrets/default/secret2"), "12345678");

        await enableEncryption();

        (await kubectl.RunAsync("create", "secret", "generic", "mysecret", "--from-literal", "hello=world")).EnsureSuccess();
        var mysecret = await raw.GetAsync("/registry/secrets/default/mysecret");
        AssertEncrypted("/registry/secrets/default/mysecret", mysecret);
        Assert.DoesNotContain("world", Encoding.Latin1.GetString(mysecret), StringComparison.Ordinal);
        AssertPlain(await raw.GetAsync("/registry/secrets/default/secret1"), "admin");

        (await kubectl.ShellAsync("kubectl get secrets --all-namespaces -o json | kubectl replace -f -")).EnsureSuccess();

        var all = await raw.ListAsync("/registry/secrets/");
        Assert.Contains(all, entry => entry.Key == "/registry/secrets/default/secret1");
        foreach (var (key, value) in all)
        {
            AssertEncrypted(key, value);
        }

        Assert.Equal("admin", await DecodedValueAsync(kubectl, "secret1", "user"));
        Assert.Equal("12345678", await DecodedValueAsync(kubectl, "secret2", "pass"));
        Assert.Equal("world", await DecodedValueAsync(kubectl, "mysecret", "hello"));
        AssertNothingSecretLogged(server.Log);
    }

    /// <summary>Fails when the server log contains any of <see cref="SecretsNeverLogged"/>.</summary>
    public static void AssertNothingSecretLogged(string log, params string[] more)
    {
        foreach (var value in SecretsNeverLogged.Concat(more))
        {
            Assert.False(log.Contains(value, StringComparison.Ordinal), $"the server log contains the secret value or key \"{value}\":\n{log}");
        }
    }

    /// <summary>Reads one data field of a secret through kubectl (decrypted by the server) and base64-decodes it.</summary>
    public static async Task<string> DecodedValueAsync(Kubectl kubectl, string secret, string field)
    {
        var json = (await kubectl.RunAsync("get", "secret", secret, "-o", "json")).EnsureSuccess().Stdout;
        using var document = JsonDocument.Parse(json);
        return Encoding.UTF8.GetString(document.RootElement.GetProperty("data").GetProperty(field).GetBytesFromBase64());
    }

    private static void AssertPlain(byte[] stored, string value)
    {
        var text = Encoding.Latin1.GetString(stored);
        Assert.False(text.StartsWith("k8s:enc:", StringComparison.Ordinal), $"expected plain text at rest, got: {text}");
        Assert.Contains(value, text, StringComparison.Ordinal);
    }

    private static void AssertEncrypted(string key, byte[] stored)
    {
        var text = Encoding.Latin1.GetString(stored);
        Assert.True(text.StartsWith(ArticleFiles.AesCbcPrefix, StringComparison.Ordinal), $"{key} is not aescbc-encrypted at rest: {text}");
    }
}
