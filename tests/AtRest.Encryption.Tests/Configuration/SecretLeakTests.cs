using System.Text;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Configuration.Model;
using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Tests.Configuration;

/// <summary>Key material never appears in any exception message or ToString(), whatever goes wrong.</summary>
public sealed class SecretLeakTests
{
    // Printable raw keys, so a leak of the raw bytes as text is as detectable as a leak of the base64.
    private const string Raw32 = "correct-horse-battery-staple-32b";
    private const string Raw16 = "tr0ub4dor&3-16by";
    private static readonly string B32 = Convert.ToBase64String(Encoding.ASCII.GetBytes(Raw32));
    private static readonly string B16 = Convert.ToBase64String(Encoding.ASCII.GetBytes(Raw16));
    private static readonly string B20 = Convert.ToBase64String(Encoding.ASCII.GetBytes("twenty-byte-secret!!"));

    private static readonly string[] Forbidden =
    [
        B32, B16, B20, Raw32, Raw16, "twenty-byte-secret!!",
        Convert.ToHexString(Encoding.ASCII.GetBytes(Raw32)), Convert.ToHexStringLower(Encoding.ASCII.GetBytes(Raw32)),
        B32[..20], B16[..16],
    ];

    public static TheoryData<string> BrokenConfigs => new()
    {
        Providers($"- aescbc: {{keys: [{{name: k, secret: {B20}}}]}}"),
        Providers($"- secretbox: {{keys: [{{name: k, secret: {B16}}}]}}"),
        Providers($"- aesgcm: {{keys: [{{name: k, secret: '{B32[..^1]}'}}]}}"),
        Providers($"- aesgcm: {{keys: [{{name: k, secret: '{B32} '}}]}}"),
        Providers($"- identity: {{}}\n  aescbc: {{keys: [{{name: k, secret: {B32}}}]}}\n  secretbox: {{keys: [{{name: j, secret: {B32}}}]}}"),
        Providers($"- aescbc: {{keys: [{{name: k, secret: {B32}, extra: {B16}}}]}}"),
        Providers($"- aescbc: {{keys: [{{name: k, secret: {B32}}}, {{name: k2, secret: {B32}, secret: {B16}}}]}}"),
        Providers($"- aescbc: {{keys: [{{name: k, secret: [{B32}]}}]}}"),
        Providers($"- aescbc: {{keys: [{{name: k, secret: {B32}}}]}}\n- kms: {{apiVersion: v1, name: p, endpoint: 'unix:///x'}}"),
        Providers($"- aescbc: {{keys: [{{name: k, secret: {B32}}}]}}", "[Secrets]"),
        "{\"apiVersion\":\"apiserver.config.k8s.io/v1\",\"kind\":\"EncryptionConfiguration\",\"resources\":[{\"resources\":[\"secrets\"],\"providers\":[{\"aescbc\":{\"keys\":[{\"name\":\"k\",\"secret\":\"" + B32 + "\",\"secret\":\"" + B16 + "\"}]}}]}]}",
        $"apiVersion: apiserver.config.k8s.io/v1\nresources: [{{resources: [secrets], providers: [{{aescbc: {{keys: [{{name: k, secret: {B32}}}]}}}}]}}]",
        $"apiVersion: v2\nkind: Nope\nsecret: {B32}",
        $"- {B32}\n- {B16}",
        $"{B32}: [",
    };

    [Theory]
    [MemberData(nameof(BrokenConfigs))]
    public void LoadErrorsNeverContainKeyMaterial(string content)
    {
        var error = Assert.Throws<EncryptionConfigurationException>(
            () => EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(content), "leak.yaml"));
        AssertClean(error.Message);
        AssertClean(error.ToString());
    }

    [Fact]
    public async Task ReadErrorsAndToStringsNeverContainKeyMaterial()
    {
        var ct = TestContext.Current.CancellationToken;
        var config = EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(Providers(
            $"- aesgcm: {{keys: [{{name: g, secret: {B32}}}]}}\n- aescbc: {{keys: [{{name: c, secret: {B16}}}]}}\n- secretbox: {{keys: [{{name: s, secret: {B32}}}]}}")), "ok.yaml");
        var transformer = config.For(new GroupResource("", "secrets"));
        AssertClean(config.ToString());
        AssertClean(transformer.ToString()!);
        AssertClean(string.Join(",", config.Describe(new GroupResource("", "secrets"))));
        AssertClean(new SecretKey(Encoding.ASCII.GetBytes(Raw32)).ToString());
        AssertClean(new KeyConfiguration { Name = "k", Secret = B32 }.ToString());
        AssertClean(new ProviderConfiguration { AesCbc = new KeyListConfiguration { Keys = [new KeyConfiguration { Name = "k", Secret = B32 }] } }.ToString());

        var key = "/registry/secrets/default/s"u8.ToArray();
        var stored = await transformer.TransformToStorageAsync("hello"u8.ToArray(), key, ct);
        var flipped = (byte[])stored.Clone();
        flipped[^1] ^= 1;
        var damaged = new List<byte[]>
        {
            stored[..^1], flipped, "k8s:enc:aescbc:v1:c:0123456789abcdef"u8.ToArray(),
            "k8s:enc:aescbc:v1:zz:0123456789abcdef"u8.ToArray(), "k8s:enc:secretbox:v1:s:short"u8.ToArray(), "plain"u8.ToArray(),
        };
        foreach (var value in damaged)
        {
            var error = await Assert.ThrowsAsync<EncryptionTransformException>(async () => await transformer.TransformFromStorageAsync(value, key, ct));
            AssertClean(error.Message);
            AssertClean(error.ToString());
        }
    }

    private static string Providers(string providers, string resources = "[secrets]") =>
        "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: " + resources + "\n    providers:\n" +
        string.Join("\n", providers.Split('\n').Select(l => "      " + l)) + "\n";

    private static void AssertClean(string text)
    {
        foreach (var secret in Forbidden)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
