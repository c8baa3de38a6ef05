using AtRest.Encryption.Configuration;
using AtRest.Tests.Shared.Fuzz;

namespace AtRest.Encryption.Tests.Fuzz;

/// <summary>
/// The <c>EncryptionConfiguration</c> loader over hostile files: every input loads or fails with
/// <see cref="EncryptionConfigurationException"/>, never another exception, a hang, a stack overflow or unbounded memory.
/// Seeds are the valid configurations in <c>testdata/valid-configs</c> (YAML and JSON, every provider).
/// </summary>
public sealed class EncryptionConfigurationFuzzTests
{
    private static readonly int YamlInputs = FuzzSeed.Scaled(12_000);
    private static readonly int JsonInputs = FuzzSeed.Scaled(8_000);

    [Fact]
    public void Every_hostile_YAML_configuration_loads_or_fails_with_EncryptionConfigurationException() =>
        Run(FuzzFormat.Yaml, "*.yaml", YamlInputs);

    [Fact]
    public void Every_hostile_JSON_configuration_loads_or_fails_with_EncryptionConfigurationException() =>
        Run(FuzzFormat.Json, "*.json", JsonInputs);

    private static void Run(FuzzFormat format, string pattern, int count)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "testdata", "valid-configs");
        var seeds = Directory.GetFiles(folder, pattern).Select(File.ReadAllBytes).ToList();
        Assert.NotEmpty(seeds);
        var inputs = new FuzzInputs(format, seeds, FuzzSeed.Value);
        var variant = 0;

        var outcome = DecoderFuzz.Run(
            inputs,
            count,
            input => EncryptionConfigurationLoader.LoadFromBytes(input, "fuzz.yaml", automaticReload: variant++ % 2 == 0),
            e => e is EncryptionConfigurationException);

        Assert.True(outcome.Decoded > count / 100, $"only {outcome.Decoded} of {count} inputs loaded; the mutations no longer leave valid files (seed {inputs.Seed})");
        Assert.True(outcome.Rejected > count / 2, $"only {outcome.Rejected} of {count} inputs were rejected (seed {inputs.Seed})");
    }
}
