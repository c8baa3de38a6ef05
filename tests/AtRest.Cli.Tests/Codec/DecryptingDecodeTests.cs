using System.Text;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Codec;

public sealed class DecryptingDecodeTests
{
    private const string EtcdKey = "/registry/secrets/default/secret1";

    // aesgcm binds the ciphertext to the etcd key, so a decode only succeeds when --key reaches the transformer.
    private const string Config = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: ["secrets"]
            providers:
              - aesgcm:
                  keys:
                    - name: key1
                      secret: e0/+tts8FS254BZimFZWtUsOCOUDSkvzB72PyimMlkY=
              - identity: {}
        """;

    [Fact]
    public async Task Decode_decrypts_with_the_configuration_and_key()
    {
        using var dir = new TempDirectory("codec");
        var (configPath, encrypted) = await EncryptFixtureAsync(dir, EtcdKey);

        var result = await AtrestTool.RunAsync(encrypted, "decode", "--encryption-provider-config", configPath, "--key", EtcdKey);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(File.ReadAllText(SharedData.Path("k8s-fixtures", "HEAD", "core.v1.Secret.yaml")), result.StdoutText);
    }

    [Fact]
    public async Task Decode_honours_a_custom_etcd_prefix()
    {
        using var dir = new TempDirectory("codec");
        const string key = "/custom/prefix/secrets/ns/s";
        var (configPath, encrypted) = await EncryptFixtureAsync(dir, key);

        var result = await AtrestTool.RunAsync([.. encrypted, (byte)'\n'], "decode", "--encryption-provider-config", configPath, "--key", key, "--etcd-prefix", "/custom/prefix");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.StartsWith("apiVersion: v1\ndata:\n  dataKey: Ag==\n", result.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_with_the_wrong_key_fails_without_output()
    {
        using var dir = new TempDirectory("codec");
        var (configPath, encrypted) = await EncryptFixtureAsync(dir, EtcdKey);

        var result = await AtrestTool.RunAsync(encrypted, "decode", "--encryption-provider-config", configPath, "--key", "/registry/secrets/default/other");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.StartsWith("error: cannot decrypt the stored value: ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/elsewhere/secrets/default/secret1", "is not below --etcd-prefix")]
    [InlineData("/registry/secrets", "is not an object key: a key of namespaced resource 'secrets' has the form /registry/secrets/<namespace>/<name>")]
    public async Task Decode_rejects_a_key_outside_the_prefix(string key, string message)
    {
        using var dir = new TempDirectory("codec");
        var (configPath, encrypted) = await EncryptFixtureAsync(dir, EtcdKey);

        var result = await AtrestTool.RunAsync(encrypted, "decode", "--encryption-provider-config", configPath, "--key", key);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_needs_both_configuration_and_key()
    {
        var result = await AtrestTool.RunAsync([1, 2, 3], "decode", "--key", EtcdKey);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--encryption-provider-config and --key go together", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_reports_a_bad_configuration_file()
    {
        using var dir = new TempDirectory("codec");
        var configPath = dir.File("empty.yaml");
        await File.WriteAllTextAsync(configPath, "", TestContext.Current.CancellationToken);

        var result = await AtrestTool.RunAsync([1, 2, 3], "decode", "--encryption-provider-config", configPath, "--key", EtcdKey);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is empty", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<(string ConfigPath, byte[] Encrypted)> EncryptFixtureAsync(TempDirectory dir, string etcdKey)
    {
        var configPath = dir.File("encryption.yaml");
        await File.WriteAllTextAsync(configPath, Config, TestContext.Current.CancellationToken);
        var plain = await File.ReadAllBytesAsync(SharedData.Path("k8s-fixtures", "HEAD", "core.v1.Secret.pb"), TestContext.Current.CancellationToken);
        var encrypted = await EncryptionConfigurationLoader.LoadFile(configPath)
            .For(new GroupResource("", "secrets"))
            .TransformToStorageAsync(plain, Encoding.UTF8.GetBytes(etcdKey), TestContext.Current.CancellationToken);
        Assert.StartsWith("k8s:enc:aesgcm:v1:key1:", Encoding.ASCII.GetString(encrypted, 0, 23), StringComparison.Ordinal);
        return (configPath, encrypted);
    }
}
