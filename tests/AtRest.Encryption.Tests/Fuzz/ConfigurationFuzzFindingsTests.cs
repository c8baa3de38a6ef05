using System.Text;
using AtRest.Encryption.Configuration;

namespace AtRest.Encryption.Tests.Fuzz;

/// <summary>The configuration files the fuzzer (and a reading of go-yaml's limits) found that broke the loader, pinned.</summary>
public sealed class ConfigurationFuzzFindingsTests
{
    private const string Header = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n";

    [Fact]
    public void An_escaped_surrogate_in_YAML_is_a_clean_error()
    {
        // YamlDotNet threw ArgumentOutOfRangeException.
        var error = Load(Header + "resources:\n  - resources: [\"\\udc00\\ud800\"]\n    providers: [{identity: {}}]\n");

        Assert.Contains("line 4: found invalid Unicode character escape code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_escaped_lone_surrogate_in_JSON_is_a_clean_error()
    {
        // Utf8JsonReader.GetString threw InvalidOperationException.
        var error = Load("{\"apiVersion\":\"apiserver.config.k8s.io/v1\",\n\"kind\":\"\\ud800\"}");

        Assert.Contains("invalid JSON at line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(100_000)]
    public void Nesting_deeper_than_64_levels_is_a_clean_error_not_a_stack_overflow(int depth)
    {
        // The reader recursed once per level: 100,000 levels overflowed the stack and killed the process.
        var error = Load(Header + "resources: " + new string('[', depth) + new string(']', depth) + "\n");

        Assert.Contains("nesting deeper than 64 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_bomb_fails_as_go_yaml_fails_it()
    {
        // 300 resources × 300 providers × 300 keys from a few kilobytes: 27 million keys to validate and build.
        var aliases = 300;
        var yaml = new StringBuilder(Header)
            .Append("resources:\n- &r\n  resources: [secrets]\n  providers:\n  - &p\n    aescbc:\n      keys:\n")
            .Append("      - &k {name: k, secret: c2VjcmV0IGlzIHNlY3VyZSwgaXMgaXQgbm90Pz8/Pz8=}\n")
            .Append(string.Concat(Enumerable.Repeat("      - *k\n", aliases)))
            .Append(string.Concat(Enumerable.Repeat("  - *p\n", aliases)))
            .Append(string.Concat(Enumerable.Repeat("- *r\n", aliases)));

        var error = Load(yaml.ToString());

        Assert.Contains("yaml: document contains excessive aliasing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_few_aliases_still_load()
    {
        var config = EncryptionConfigurationLoader.LoadFromBytes(
            Encoding.UTF8.GetBytes(Header + "resources:\n- resources: [secrets]\n  providers: &p [{identity: {}}]\n- resources: [configmaps]\n  providers: *p\n"),
            "aliases.yaml");

        Assert.NotNull(config);
    }

    private static EncryptionConfigurationException Load(string content) =>
        Assert.Throws<EncryptionConfigurationException>(() => EncryptionConfigurationLoader.LoadFromBytes(Encoding.UTF8.GetBytes(content), "fuzz.yaml"));
}
