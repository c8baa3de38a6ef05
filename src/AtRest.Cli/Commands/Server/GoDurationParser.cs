using System.Globalization;
using System.Text.RegularExpressions;

namespace AtRest.Cli.Commands.Server;

/// <summary>Parses durations as Go flags write them (<c>1m</c>, <c>250ms</c>, <c>1m30s</c>).</summary>
internal static partial class GoDurationParser
{
    /// <summary>The duration, or null when <paramref name="text"/> is not one.</summary>
    public static TimeSpan? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var total = TimeSpan.Zero;
        var position = 0;
        foreach (Match match in Part().Matches(text))
        {
            if (match.Index != position)
            {
                return null;
            }

            position += match.Length;
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            total += match.Groups[2].Value switch
            {
                "ns" => TimeSpan.FromTicks((long)(value / 100)),
                "us" or "µs" => TimeSpan.FromMicroseconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }

        return position == text.Length && position > 0 ? total : null;
    }

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();
}
