using System.Globalization;

namespace AtRest.Benchmarks.Load;

/// <summary>
/// What the benchmarks that alternate two or more sides round after round share: their <c>[seconds] [rounds]</c>
/// arguments and the median and spread of the per-round ratios, so a busy machine skews every side alike.
/// </summary>
internal static class InterleavedRounds
{
    /// <summary>
    /// <c>args[1]</c> seconds per run and <c>args[2]</c> rounds (defaults 10 and 5); <paramref name="command"/> names the
    /// benchmark in the error.
    /// </summary>
    public static (TimeSpan Duration, int Rounds) ParseArguments(string[] args, string command)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        if (seconds <= 0 || rounds < 1)
        {
            throw new ArgumentException($"{command} [seconds > 0] [rounds >= 1]: got seconds {seconds}, rounds {rounds}");
        }

        return (TimeSpan.FromSeconds(seconds), rounds);
    }

    /// <summary>The median; NaN for no values.</summary>
    public static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>How many of the rounds gave a value, and the lowest and highest.</summary>
    public static string Spread(List<double> values, int rounds) =>
        values.Count == 0 ? $"0 of {rounds}" : $"{values.Count} of {rounds}, {values.Min():F2} – {values.Max():F2}";
}
