using AtRest.ApiServer.Tests.Support;
using AtRest.Encryption.Configuration;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// One provider under test and its key rotation: both servers start on <see cref="Initial"/>; AtRest rewrites every
/// secret under <see cref="Rotated"/> (new key first, old still readable); kube-apiserver then restarts with
/// <see cref="NewOnly"/>, which reads nothing the old key wrote. Identity has no key, so its rotation is to aescbc.
/// </summary>
/// <param name="Name">The provider's name, as in the configuration.</param>
/// <param name="Initial">Both servers' first configuration.</param>
/// <param name="Rotated">AtRest's configuration for the rewrite.</param>
/// <param name="NewOnly">kube-apiserver's configuration after the rewrite.</param>
/// <param name="InitialPrefix">The prefix of secrets stored under <see cref="Initial"/> (empty for identity).</param>
/// <param name="NewPrefix">The prefix of secrets stored under <see cref="Rotated"/> and <see cref="NewOnly"/>.</param>
public sealed record InteropProvider(string Name, string Initial, string Rotated, string NewOnly, string InitialPrefix, string NewPrefix)
{
    private static readonly string[] Secrets = ["secrets"];

    /// <summary>identity, rotated to aescbc.</summary>
    public static InteropProvider Identity { get; } = new(
        "identity",
        Render(EncryptionProviderSpec.Identity),
        Render(Keyed("aescbc", "key2"), EncryptionProviderSpec.Identity),
        Render(Keyed("aescbc", "key2")),
        "",
        "k8s:enc:aescbc:v1:key2:");

    /// <summary>aescbc.</summary>
    public static InteropProvider Aescbc { get; } = WithKeys("aescbc");

    /// <summary>aesgcm.</summary>
    public static InteropProvider Aesgcm { get; } = WithKeys("aesgcm");

    /// <summary>secretbox.</summary>
    public static InteropProvider Secretbox { get; } = WithKeys("secretbox");

    /// <summary>A configuration that reads everything any configuration above writes (for the tests' own decryption).</summary>
    public static string ReadsAll { get; } = Render(
        EncryptionProviderSpec.Keyed("aescbc", ("key2", EncryptionConfigs.Key2), ("key1", EncryptionConfigs.Key1)),
        EncryptionProviderSpec.Keyed("aesgcm", ("key2", EncryptionConfigs.Key2), ("key1", EncryptionConfigs.Key1)),
        EncryptionProviderSpec.Keyed("secretbox", ("key2", EncryptionConfigs.Key2), ("key1", EncryptionConfigs.Key1)),
        EncryptionProviderSpec.Identity);

    /// <inheritdoc />
    public override string ToString() => Name;

    private static InteropProvider WithKeys(string name) => new(
        name,
        Render(Keyed(name, "key1"), EncryptionProviderSpec.Identity),
        Render(EncryptionProviderSpec.Keyed(name, ("key2", EncryptionConfigs.Key2), ("key1", EncryptionConfigs.Key1)), EncryptionProviderSpec.Identity),
        Render(Keyed(name, "key2")),
        $"k8s:enc:{name}:v1:key1:",
        $"k8s:enc:{name}:v1:key2:");

    private static EncryptionProviderSpec Keyed(string name, string key) =>
        EncryptionProviderSpec.Keyed(name, (key, key == "key1" ? EncryptionConfigs.Key1 : EncryptionConfigs.Key2));

    private static string Render(params EncryptionProviderSpec[] providers) => EncryptionConfigurationWriter.Render(Secrets, providers);
}
