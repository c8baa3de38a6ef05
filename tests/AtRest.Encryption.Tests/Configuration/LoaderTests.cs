using System.Security.Cryptography;
using System.Text;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Tests.Transformers;
using AtRest.Tests.Shared;
using static AtRest.Encryption.Tests.Transformers.TestConfigs;

namespace AtRest.Encryption.Tests.Configuration;

/// <summary>Loader behaviour beyond the file-driven cases: hash, warnings, file errors, reload-only rules.</summary>
public sealed class LoaderTests
{
    private const string Header = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n";

    [Fact]
    public void ContentHashIsSha256OfTheRawBytes()
    {
        using var dir = new TempDirectory("enc");
        var bytes = Encoding.UTF8.GetBytes(Header + "resources:\n  - resources: [secrets]\n    providers: [{identity: {}}]\n");
        var path = dir.File("config.yaml");
        File.WriteAllBytes(path, bytes);
        var config = EncryptionConfigurationLoader.LoadFile(path);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), config.ContentHash);
        Assert.Equal(path, config.Path);
    }

    [Fact]
    public void IdentityFirstAndAesGcmProduceWarningsNotErrors()
    {
        var identityFirst = Load("- identity: {}\n" + Keyed("aescbc", ("k", Key32)));
        var warning = Assert.Single(identityFirst.Warnings);
        Assert.Contains("identity is the first provider for [secrets]", warning, StringComparison.Ordinal);

        var gcm = Load(Keyed("aesgcm", ("k", Key32)));
        Assert.Contains(gcm.Warnings, w => w.Contains("aesgcm", StringComparison.Ordinal) && w.Contains("rotated", StringComparison.Ordinal));

        Assert.Empty(Load(Keyed("secretbox", ("k", Key32)) + "- identity: {}").Warnings);
    }

    [Fact]
    public void MissingFileAndDirectoryGiveGoStyleReadErrors()
    {
        using var dir = new TempDirectory("enc");
        var missing = dir.File("absent.yaml");
        var error = Assert.Throws<EncryptionConfigurationException>(() => EncryptionConfigurationLoader.LoadFile(missing));
        Assert.Equal(
            $"error while parsing file: error while loading file: error reading encryption provider configuration file \"{missing}\": open {missing}: no such file or directory",
            error.Message);

        var directory = Assert.Throws<EncryptionConfigurationException>(() => EncryptionConfigurationLoader.LoadFile(dir.Path));
        Assert.EndsWith($": read {dir.Path}: is a directory", directory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromBytesUsesTheSourceNameInMessages()
    {
        var error = Assert.Throws<EncryptionConfigurationException>(() => EncryptionConfigurationLoader.LoadFromBytes([], "inline"));
        Assert.Equal("error while parsing file: error while loading file: encryption provider configuration file \"inline\" is empty", error.Message);
    }

    [Fact]
    public void KmsV1NamesMustBeUniqueOnlyUnderAutomaticReload()
    {
        var yaml = Encoding.UTF8.GetBytes(Header + """
            resources:
              - resources: [secrets]
                providers:
                  - kms: {name: foo, endpoint: "unix:///tmp/a.sock"}
                  - kms: {name: foo, endpoint: "unix:///tmp/b.sock"}
            """);
        var reload = Assert.Throws<EncryptionConfigurationException>(() => EncryptionConfigurationLoader.LoadFromBytes(yaml, "kms.yaml", automaticReload: true));
        Assert.Equal(
            "error while parsing file: resources[0].providers[1].kms.name: Invalid value: \"foo\": duplicate KMS provider name foo, names must be unique",
            reload.Message);

        var noReload = Assert.Throws<EncryptionConfigurationException>(() => EncryptionConfigurationLoader.LoadFromBytes(yaml, "kms.yaml"));
        Assert.StartsWith("error while building transformers: KMSv1 is deprecated", noReload.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KmsDefaultsLetAMinimalV2ProviderLoad()
    {
        // timeout defaults to 3s and cachesize stays unset for v2; the plugin need not be up for the file to load.
        var yaml = Encoding.UTF8.GetBytes(Header + "resources:\n  - resources: [secrets]\n    providers:\n      - kms: {apiVersion: v2, name: p, endpoint: 'unix:///@abstract'}\n");
        await using var loaded = EncryptionConfigurationLoader.LoadFromBytes(yaml, "kms.yaml");
        var provider = Assert.Single(loaded.KmsProviders);
        Assert.Equal(("p", "v2"), (provider.Name, provider.ApiVersion));
        Assert.Equal(new[] { "k8s:enc:kms:v2:p:" }, loaded.Describe(new GroupResource("", "secrets")));
    }

    [Fact]
    public void UpstreamFixturesLoadOrFailAsUpstreamSays()
    {
        var typo = Encoding.UTF8.GetBytes(Header + "resources:\n  - resources: [secrets]\n    providers:\n      - identity: {}\n        Identity: {}\n");
        var error = Assert.Throws<EncryptionConfigurationException>(() => EncryptionConfigurationLoader.LoadFromBytes(typo, "case.yaml"));
        Assert.EndsWith("strict decoding error: unknown field \"resources[0].providers[0].Identity\"", error.Message, StringComparison.Ordinal);
    }
}
