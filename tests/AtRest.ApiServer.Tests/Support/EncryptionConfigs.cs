using System.Text;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;

namespace AtRest.ApiServer.Tests.Support;

/// <summary>EncryptionConfiguration documents for tests, loaded through the real loader.</summary>
internal static class EncryptionConfigs
{
    /// <summary>A fixed 32-byte test key (base64), named key1.</summary>
    public const string Key1 = "c2VjcmV0IGlzIHNlY3VyZSwgSSB0aGluayB0aGF0IGk=";

    /// <summary>A second fixed 32-byte test key (base64), named key2.</summary>
    public const string Key2 = "dGhpcyBpcyBhbm90aGVyIGtleSBvZiAzMiBieXRlcyE=";

    /// <summary>aescbc with key1 for secrets, identity read fallback.</summary>
    public static IResourceTransformers AescbcKey1() => Load(Providers("aescbc", ("key1", Key1)) + "      - identity: {}\n");

    /// <summary>aescbc writing with key2, still reading key1.</summary>
    public static IResourceTransformers AescbcKey2First() => Load(Providers("aescbc", ("key2", Key2), ("key1", Key1)) + "      - identity: {}\n");

    /// <summary>identity first (decrypt-on-rewrite), aescbc key1 still readable.</summary>
    public static IResourceTransformers IdentityFirst() => Load(
        "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources:\n      - secrets\n    providers:\n      - identity: {}\n"
        + Keys("aescbc", ("key1", Key1)));

    private static string Providers(string provider, params (string Name, string Secret)[] keys) =>
        "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources:\n      - secrets\n    providers:\n"
        + Keys(provider, keys);

    private static string Keys(string provider, params (string Name, string Secret)[] keys)
    {
        var text = new StringBuilder($"      - {provider}:\n          keys:\n");
        foreach (var (name, secret) in keys)
        {
            text.Append($"            - name: {name}\n              secret: {secret}\n");
        }

        return text.ToString();
    }

    private static IResourceTransformers Load(string yaml) =>
        EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(yaml), "test-encryption-config.yaml");
}
