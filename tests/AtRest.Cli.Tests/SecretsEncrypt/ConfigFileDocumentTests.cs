using AtRest.Cli.Commands.SecretsEncrypt;
using AtRest.Encryption.Configuration;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.SecretsEncrypt;

/// <summary>The rotation verbs' edits of a configuration file: keys added, promoted and removed in place, identity moved, saved atomically.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfigFileDocumentTests : IDisposable
{
    private const string Config = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets]
            providers:
              - aescbc:
                  keys:
                    - name: key1
                      secret: MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=
              - identity: {}
          - resources: [configmaps]
            providers:
              - secretbox:
                  keys:
                    - name: sb1
                      secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=
        """;

    private readonly TempDirectory _directory = new("config-file-document");

    public void Dispose() => _directory.Dispose();

    private string Write(string text)
    {
        var path = _directory.File("config.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_read_key_goes_second_then_first_then_the_old_key_goes_and_the_other_rule_stays()
    {
        var path = Write(Config);
        var file = ConfigFileDocument.Load(path);
        var secrets = file.Rules[0];
        Assert.Equal(["secrets"], secrets.Resources);
        Assert.Equal("aescbc", secrets.KeyedType);

        var secret = ConfigFileDocument.NewSecret("aescbc");
        Assert.Equal(32, Convert.FromBase64String(secret).Length);
        ConfigFileDocument.AddReadKey(secrets, "key-20261129150000", secret);
        file.Save();
        var reloaded = ConfigFileDocument.Load(path);
        Assert.Equal(["key1", "key-20261129150000"], reloaded.Rules[0].KeyNames);
        await using (var loaded = EncryptionConfigurationLoader.LoadFile(path))
        {
            var keys = loaded.Describe(new AtRest.Encryption.GroupResource(string.Empty, "secrets"));
            Assert.Equal(["k8s:enc:aescbc:v1:key1:", "k8s:enc:aescbc:v1:key-20261129150000:", "identity"], keys);
        }

        ConfigFileDocument.PromoteKey(reloaded.Rules[0], "key-20261129150000");
        Assert.True(ConfigFileDocument.RemoveKey(reloaded.Rules[0], "key1"));
        Assert.False(ConfigFileDocument.RemoveKey(reloaded.Rules[0], "key1"));
        var hash = reloaded.Save();

        var final = ConfigFileDocument.Load(path);
        Assert.Equal(["key-20261129150000"], final.Rules[0].KeyNames);
        Assert.Equal(["sb1"], final.Rules[1].KeyNames);
        Assert.Equal(["secretbox"], final.Rules[1].ProviderTypes);
        Assert.Equal(EncryptionConfigurationLoader.ContentHash(File.ReadAllBytes(path)), hash);
        Assert.Contains("secret: " + secret, File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(["config.yaml"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Disable_puts_identity_first_and_enable_puts_it_last_adding_one_when_missing()
    {
        var path = Write(Config);
        var file = ConfigFileDocument.Load(path);
        Assert.True(ConfigFileDocument.PlaceIdentity(file.Rules[0], first: true));
        Assert.True(ConfigFileDocument.PlaceIdentity(file.Rules[1], first: true));
        Assert.False(ConfigFileDocument.PlaceIdentity(file.Rules[0], first: true));
        file.Save();

        var disabled = ConfigFileDocument.Load(path);
        Assert.Equal(["identity", "aescbc"], disabled.Rules[0].ProviderTypes);
        Assert.Equal(["identity", "secretbox"], disabled.Rules[1].ProviderTypes);
        Assert.True(disabled.Rules[0].IdentityFirst);
        Assert.Equal("aescbc", disabled.Rules[0].FirstEncryptingType);

        Assert.True(ConfigFileDocument.PlaceIdentity(disabled.Rules[0], first: false));
        disabled.Save();
        Assert.Equal(["aescbc", "identity"], ConfigFileDocument.Load(path).Rules[0].ProviderTypes);
    }

    [Fact]
    public void A_json_file_is_edited_too_and_an_edit_that_breaks_the_file_writes_nothing()
    {
        var path = Write("""
            {"apiVersion":"apiserver.config.k8s.io/v1","kind":"EncryptionConfiguration","resources":[{"resources":["secrets"],
             "providers":[{"aesgcm":{"keys":[{"name":"g1","secret":"YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY="}]}},{"identity":{}}]}]}
            """);
        var file = ConfigFileDocument.Load(path);
        ConfigFileDocument.AddReadKey(file.Rules[0], "g2", ConfigFileDocument.NewSecret("aesgcm"));
        file.Save();
        Assert.Equal(["g1", "g2"], ConfigFileDocument.Load(path).Rules[0].KeyNames);

        var before = File.ReadAllBytes(path);
        var broken = ConfigFileDocument.Load(path);
        ConfigFileDocument.RemoveKey(broken.Rules[0], "g1");
        ConfigFileDocument.RemoveKey(broken.Rules[0], "g2");
        var error = Assert.Throws<EncryptionConfigurationException>(() => broken.Save());
        Assert.Contains("keys", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.DoesNotContain("YWJj", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_secrets_are_refused_for_providers_whose_keys_rotate_keys_does_not_make()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfigFileDocument.NewSecret("kms"));
        Assert.Contains("not kms", error.Message, StringComparison.Ordinal);
        Assert.NotEqual(ConfigFileDocument.NewSecret("secretbox"), ConfigFileDocument.NewSecret("secretbox"));
    }
}
