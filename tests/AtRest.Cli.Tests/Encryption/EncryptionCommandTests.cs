using System.Text;
using System.Text.Json;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Encryption;

/// <summary><c>atrest encryption generate-config|encrypt|decrypt</c>, run as the real tool.</summary>
[Trait("Category", "Integration")]
public sealed class EncryptionCommandTests
{
    private const string Key = "/registry/secrets/default/s1";
    private static readonly GroupResource Secrets = new("", "secrets");

    [Theory]
    [InlineData("secretbox")]
    [InlineData("aescbc")]
    [InlineData("aesgcm")]
    public async Task GenerateConfigPrintsALoadableConfigWithAFreshKey(string provider)
    {
        using var dir = new TempDirectory("cli");
        var first = await AtrestProcess.RunAsync(null, dir.Path, "encryption", "generate-config", "--provider", provider, "--resources", "secrets,configmaps");
        Assert.True(first.ExitCode == 0, first.Stderr);
        var config = EncryptionConfigurationLoader.LoadFromBytes(first.Stdout, "stdout");
        Assert.Equal([$"k8s:enc:{provider}:v1:key1:", "identity"], config.Describe(Secrets));
        Assert.Equal([$"k8s:enc:{provider}:v1:key1:", "identity"], config.Describe(new GroupResource("", "configmaps")));

        var second = await AtrestProcess.RunAsync(null, dir.Path, "encryption", "generate-config", "--provider", provider);
        Assert.NotEqual(SecretLine(first.StdoutText), SecretLine(second.StdoutText));
        Assert.Equal(32, Convert.FromBase64String(SecretLine(second.StdoutText)).Length);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task GenerateConfigWritesAPrivateFileAndRefusesToOverwriteWithoutForce()
    {
        using var dir = new TempDirectory("cli");
        var path = dir.File("encryption.yaml");
        var created = await AtrestProcess.RunAsync(null, dir.Path, "encryption", "generate-config", "--provider", "aescbc", "-o", path);
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Empty(created.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var original = File.ReadAllText(path);
        EncryptionConfigurationLoader.LoadFile(path);

        var refused = await AtrestProcess.RunAsync(null, dir.Path, "encryption", "generate-config", "--provider", "aescbc", "-o", path);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already exists", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllText(path));

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var forced = await AtrestProcess.RunAsync(null, dir.Path, "encryption", "generate-config", "--provider", "secretbox", "-o", path, "--force");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.NotEqual(original, File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Theory]
    [InlineData("secretbox")]
    [InlineData("aescbc")]
    [InlineData("aesgcm")]
    public async Task EncryptThenDecryptRoundTripsBinaryData(string provider)
    {
        using var dir = new TempDirectory("cli");
        var config = await GenerateAsync(dir, provider);
        var plaintext = Enumerable.Range(0, 1024).Select(i => (byte)(i * 7)).ToArray();
        var encrypted = await AtrestProcess.RunAsync(plaintext, dir.Path, "encryption", "encrypt", "--encryption-provider-config", config, "--key", Key);
        Assert.True(encrypted.ExitCode == 0, encrypted.Stderr);
        Assert.StartsWith($"k8s:enc:{provider}:v1:key1:", Encoding.Latin1.GetString(encrypted.Stdout), StringComparison.Ordinal);

        var decrypted = await AtrestProcess.RunAsync(encrypted.Stdout, dir.Path, "encryption", "decrypt", "--encryption-provider-config", config, "--key", Key);
        Assert.True(decrypted.ExitCode == 0, decrypted.Stderr);
        Assert.Equal(plaintext, decrypted.Stdout);
        Assert.Contains($"read by k8s:enc:{provider}:v1:key1: (the current write key)", decrypted.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAcceptsTheTrailingNewlineEtcdctlPrints()
    {
        using var dir = new TempDirectory("cli");
        var config = await GenerateAsync(dir, "aesgcm");
        var plaintext = "k8s\0value\n"u8.ToArray();
        var stored = await AtrestProcess.RunAsync(plaintext, dir.Path, "encryption", "encrypt", "--encryption-provider-config", config, "--key", Key);
        var printed = stored.Stdout.Append((byte)'\n').ToArray();
        var read = await AtrestProcess.RunAsync(printed, dir.Path, "encryption", "decrypt", "--encryption-provider-config", config, "--key", Key);
        Assert.True(read.ExitCode == 0, read.Stderr);
        Assert.Equal(plaintext, read.Stdout);
    }

    [Fact]
    public async Task DecryptReadsTheSpecVectorC5()
    {
        var vectors = SharedData.Path("vectors", "encryption-vectors.json");
        using var json = JsonDocument.Parse(File.ReadAllBytes(vectors));
        var c5 = json.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == "C5");
        using var dir = new TempDirectory("cli");
        var config = dir.File("c5.yaml");
        File.WriteAllText(config, Config("secretbox", ("key1", c5.GetProperty("key_base64").GetString()!)));
        var stored = Convert.FromHexString(c5.GetProperty("stored_hex").GetString()!);

        var result = await AtrestProcess.RunAsync(stored, dir.Path, "encryption", "decrypt", "--encryption-provider-config", config, "--key", "/registry/secrets/default/secret1");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("firstvalue", result.StdoutText);
    }

    [Fact]
    public async Task DecryptReportsStaleValuesAndWhichKeyReadThem()
    {
        using var dir = new TempDirectory("cli");
        var oldKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var newKey = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
        var before = dir.File("before.yaml");
        var after = dir.File("after.yaml");
        File.WriteAllText(before, Config("aescbc", ("old", oldKey)));
        File.WriteAllText(after, Config("aescbc", ("new", newKey), ("old", oldKey)));

        var stored = await AtrestProcess.RunAsync("v"u8.ToArray(), dir.Path, "encryption", "encrypt", "--encryption-provider-config", before, "--key", Key);
        var read = await AtrestProcess.RunAsync(stored.Stdout, dir.Path, "encryption", "decrypt", "--encryption-provider-config", after, "--key", Key);
        Assert.True(read.ExitCode == 0, read.Stderr);
        Assert.Equal("v", read.StdoutText);
        Assert.Contains("read by k8s:enc:aescbc:v1:old: (stale: the current write key is k8s:enc:aescbc:v1:new:; rewrite the object to re-encrypt it)", read.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptFailureExitsNonZeroNamingTheKeyAndTheReason()
    {
        using var dir = new TempDirectory("cli");
        var config = await GenerateAsync(dir, "aesgcm");
        var other = await GenerateAsync(dir, "secretbox", "other.yaml");
        var stored = await AtrestProcess.RunAsync("secret"u8.ToArray(), dir.Path, "encryption", "encrypt", "--encryption-provider-config", config, "--key", Key);

        var noProvider = await AtrestProcess.RunAsync(stored.Stdout, dir.Path, "encryption", "decrypt", "--encryption-provider-config", other, "--key", Key);
        Assert.Equal(1, noProvider.ExitCode);
        Assert.Empty(noProvider.Stdout);
        Assert.Equal(
            $"cannot decrypt {Key}: no matching prefix found\nthe value carries \"k8s:enc:aesgcm:v1:key1:\"; the configuration reads secrets with: k8s:enc:secretbox:v1:key1:, identity",
            noProvider.Stderr.Trim());

        const string Moved = "/registry/secrets/default/s2";
        var moved = await AtrestProcess.RunAsync(stored.Stdout, dir.Path, "encryption", "decrypt", "--encryption-provider-config", config, "--key", Moved);
        Assert.Equal(1, moved.ExitCode);
        Assert.Equal($"cannot decrypt {Moved}: cipher: message authentication failed", moved.Stderr.Trim());
    }

    [Fact]
    public async Task InvalidConfigOrKeyIsAClearError()
    {
        using var dir = new TempDirectory("cli");
        var bad = dir.File("bad.yaml");
        File.WriteAllText(bad, Config("secretbox", ("k", "c2VjcmV0IGlzIHNlY3VyZQ==")));
        var result = await AtrestProcess.RunAsync("x"u8.ToArray(), dir.Path, "encryption", "encrypt", "--encryption-provider-config", bad, "--key", Key);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "error: error while parsing file: resources[0].providers[0].secretbox.keys[0].secret: Invalid value: \"REDACTED\": secret is not of the expected length, got 16, expected one of [32]",
            result.Stderr.Trim());

        var config = await GenerateAsync(dir, "secretbox");
        var wrongPrefix = await AtrestProcess.RunAsync("x"u8.ToArray(), dir.Path, "encryption", "encrypt", "--encryption-provider-config", config, "--key", "/other/secrets/a/b");
        Assert.Equal(1, wrongPrefix.ExitCode);
        Assert.Contains("is not below --etcd-prefix \"/registry\"", wrongPrefix.Stderr, StringComparison.Ordinal);
    }

    private static async Task<string> GenerateAsync(TempDirectory dir, string provider, string name = "config.yaml")
    {
        var path = dir.File(name);
        var result = await AtrestProcess.RunAsync(null, dir.Path, "encryption", "generate-config", "--provider", provider, "-o", path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return path;
    }

    private static string Config(string provider, params (string Name, string Secret)[] keys) =>
        "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n" +
        $"      - {provider}:\n          keys:\n" + string.Concat(keys.Select(k => $"            - name: {k.Name}\n              secret: {k.Secret}\n"));

    private static string SecretLine(string yaml) =>
        yaml.Split('\n').Single(l => l.TrimStart().StartsWith("secret:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
}
