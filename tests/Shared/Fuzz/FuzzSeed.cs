using System.Globalization;

namespace AtRest.Tests.Shared.Fuzz;

/// <summary>
/// The run's seed: fixed by default so that every run of the suite feeds the same inputs, or taken from
/// <c>ATREST_FUZZ_SEED</c> to explore others. Failure messages print it, so a failing run reproduces with
/// <c>ATREST_FUZZ_SEED=&lt;seed&gt;</c>.
/// </summary>
public static class FuzzSeed
{
    /// <summary>The variable that overrides the seed.</summary>
    public const string Variable = "ATREST_FUZZ_SEED";

    private const int DefaultSeed = 20261129;

    /// <summary>The variable that multiplies the number of inputs (default 1), for longer runs outside the suite.</summary>
    public const string ScaleVariable = "ATREST_FUZZ_SCALE";

    /// <summary>The seed of this run.</summary>
    public static int Value { get; } = Read();

    /// <summary><paramref name="inputs"/> times <c>ATREST_FUZZ_SCALE</c>.</summary>
    public static int Scaled(int inputs)
    {
        var text = Environment.GetEnvironmentVariable(ScaleVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return inputs;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var scale) && scale is > 0 and <= 1000
            ? checked(inputs * scale)
            : throw new InvalidOperationException($"{ScaleVariable} must be a whole number from 1 to 1000");
    }

    /// <summary>The per-input generator: input <paramref name="index"/> depends only on the seed and the index.</summary>
    public static Random ForInput(int seed, int index) => new(unchecked((seed * 1_000_003) ^ (index * 7919) ^ 0x5bd1e995));

    private static int Read()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultSeed;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new InvalidOperationException($"{Variable} must be a 32-bit integer, got {text.Length} characters that are not one");
    }
}
