using System.Text;
using AtRest.Cli.Tests.Encryption;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Codec;

/// <summary>
/// <c>encryption decrypt</c> and <c>decode --encryption-provider-config</c> pick the same provider list for the same key,
/// including kube's legacy directories, and both take <c>--resource</c>. Each resource gets its own aesgcm key (which
/// also binds the key as authenticated data), so a command that picked another resource could not decrypt.
/// </summary>
public sealed class SameResourceForTheSameKeyTests
{
    private const string Config = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: ["nodes"]
            providers: [{aesgcm: {keys: [{name: nodes, secret: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=}]}}]
          - resources: ["replicationcontrollers"]
            providers: [{aesgcm: {keys: [{name: rcs, secret: AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=}]}}]
          - resources: ["services"]
            providers: [{aesgcm: {keys: [{name: services, secret: AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=}]}}]
          - resources: ["endpoints"]
            providers: [{aesgcm: {keys: [{name: endpoints, secret: AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM=}]}}]
          - resources: ["secrets"]
            providers: [{aesgcm: {keys: [{name: secrets, secret: BAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ=}]}}]
          - resources: ["deployments.apps"]
            providers: [{aesgcm: {keys: [{name: deployments, secret: BQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU=}]}}]
          - resources: ["*.*"]
            providers: [{identity: {}}]
        """;

    [Theory]
    [Trait("Category", "Integration")]
    [InlineData("/registry/minions/node-1", "nodes")]
    [InlineData("/registry/controllers/default/rc", "rcs")]
    [InlineData("/registry/services/specs/default/kubernetes", "services")]
    [InlineData("/registry/services/endpoints/default/kubernetes", "endpoints")]
    [InlineData("/registry/secrets/default/s1", "secrets")]
    public async Task BothCommandsReadTheValueTheEncryptCommandWrote(string key, string keyName)
    {
        using var dir = new TempDirectory("same-resource");
        var config = dir.File("config.yaml");
        await File.WriteAllTextAsync(config, Config, TestContext.Current.CancellationToken);
        var plain = await File.ReadAllBytesAsync(SharedData.Path("k8s-fixtures", "HEAD", "core.v1.Secret.pb"), TestContext.Current.CancellationToken);

        var encrypted = await AtrestProcess.RunAsync(plain, dir.Path, "encryption", "encrypt", "--encryption-provider-config", config, "--key", key);
        Assert.True(encrypted.ExitCode == 0, encrypted.Stderr);
        Assert.StartsWith($"k8s:enc:aesgcm:v1:{keyName}:", Encoding.ASCII.GetString(encrypted.Stdout), StringComparison.Ordinal);

        var decrypted = await AtrestProcess.RunAsync(encrypted.Stdout, dir.Path, "encryption", "decrypt", "--encryption-provider-config", config, "--key", key);
        Assert.True(decrypted.ExitCode == 0, decrypted.Stderr);
        Assert.Equal(plain, decrypted.Stdout);

        var decoded = await AtrestProcess.RunAsync(encrypted.Stdout, dir.Path, "decode", "--encryption-provider-config", config, "--key", key, "-o", "json");
        Assert.True(decoded.ExitCode == 0, decoded.Stderr);
        Assert.Contains("\"kind\": \"Secret\"", decoded.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task BothCommandsTakeTheResourceOverride()
    {
        using var dir = new TempDirectory("same-resource");
        var config = dir.File("config.yaml");
        await File.WriteAllTextAsync(config, Config, TestContext.Current.CancellationToken);
        var plain = await File.ReadAllBytesAsync(SharedData.Path("k8s-fixtures", "HEAD", "core.v1.Secret.pb"), TestContext.Current.CancellationToken);
        const string key = "/registry/deployments/default/web";
        string[] overrideArgs = ["--encryption-provider-config", config, "--key", key, "--resource", "deployments.apps"];

        var encrypted = await AtrestProcess.RunAsync(plain, dir.Path, ["encryption", "encrypt", .. overrideArgs]);
        Assert.True(encrypted.ExitCode == 0, encrypted.Stderr);
        Assert.StartsWith("k8s:enc:aesgcm:v1:deployments:", Encoding.ASCII.GetString(encrypted.Stdout), StringComparison.Ordinal);

        // Without the override the key names core "deployments", which only identity covers: neither command reads it.
        var decryptCore = await AtrestProcess.RunAsync(encrypted.Stdout, dir.Path, "encryption", "decrypt", "--encryption-provider-config", config, "--key", key);
        var decodeCore = await AtrestProcess.RunAsync(encrypted.Stdout, dir.Path, "decode", "--encryption-provider-config", config, "--key", key);
        Assert.Equal(1, decryptCore.ExitCode);
        Assert.Equal(1, decodeCore.ExitCode);

        var decrypted = await AtrestProcess.RunAsync(encrypted.Stdout, dir.Path, ["encryption", "decrypt", .. overrideArgs]);
        Assert.True(decrypted.ExitCode == 0, decrypted.Stderr);
        Assert.Equal(plain, decrypted.Stdout);
        var decoded = await AtrestProcess.RunAsync(encrypted.Stdout, dir.Path, ["decode", .. overrideArgs]);
        Assert.True(decoded.ExitCode == 0, decoded.Stderr);
        Assert.StartsWith("apiVersion: v1\n", decoded.StdoutText, StringComparison.Ordinal);
    }
}
