using System.Text;
using AtRest.Encryption.Configuration;

namespace AtRest.Encryption.Tests.Configuration;

/// <summary>Drives every file in testdata/valid-configs and testdata/invalid-configs.</summary>
public sealed class ConfigFileTests
{
    public static TheoryData<string> InvalidConfigs => ConfigFileCases.Files("invalid-configs");

    public static TheoryData<string> ValidConfigs => ConfigFileCases.Files("valid-configs");

    [Fact]
    public void ThereAreEnoughCases()
    {
        Assert.True(InvalidConfigs.Count >= 30, $"only {InvalidConfigs.Count} invalid configs");
        Assert.True(ValidConfigs.Count >= 8, $"only {ValidConfigs.Count} valid configs");
    }

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void InvalidConfigFailsWithTheExactUpstreamMessage(string file)
    {
        var path = Path.Combine(ConfigFileCases.Folder("invalid-configs"), file);
        var expected = ConfigFileCases.Annotation(path, "error").Replace("{path}", path, StringComparison.Ordinal);
        var error = Assert.Throws<EncryptionConfigurationException>(() => EncryptionConfigurationLoader.LoadFile(path));
        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [MemberData(nameof(ValidConfigs))]
    public async Task ValidConfigLoadsDescribesAndRoundTrips(string file)
    {
        var path = Path.Combine(ConfigFileCases.Folder("valid-configs"), file);
        var config = EncryptionConfigurationLoader.LoadFile(path);
        Assert.Equal(path, config.Path);
        Assert.StartsWith("sha256:", config.ContentHash, StringComparison.Ordinal);

        var describe = ConfigFileCases.Annotation(path, "describe", " ");
        var colon = describe.IndexOf(": ", StringComparison.Ordinal);
        var resource = ParseResource(describe[..colon]);
        Assert.Equal(describe[(colon + 2)..].Split(' '), config.Describe(resource));

        var ct = TestContext.Current.CancellationToken;
        foreach (var configured in config.ConfiguredResources)
        {
            var concrete = new GroupResource(configured.Group == "*" ? "example.com" : configured.Group, configured.Resource == "*" ? "widgets" : configured.Resource);
            var key = Encoding.UTF8.GetBytes($"/registry/{concrete.Resource}/default/x");
            var plaintext = Encoding.UTF8.GetBytes($"value of {concrete}");
            var transformer = config.For(concrete);
            var stored = await transformer.TransformToStorageAsync(plaintext, key, ct);
            var firstPrefix = config.Describe(concrete)[0];
            if (firstPrefix != "identity")
            {
                Assert.StartsWith(firstPrefix, Encoding.ASCII.GetString(stored), StringComparison.Ordinal);
            }

            var read = await transformer.TransformFromStorageAsync(stored, key, ct);
            Assert.Equal(plaintext, read.Data.ToArray());
            Assert.False(read.Stale);
        }
    }

    private static GroupResource ParseResource(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? new GroupResource("", name) : new GroupResource(name[(dot + 1)..], name[..dot]);
    }
}
