using System.Globalization;
using System.Text;

namespace AtRest.Encryption.Configuration.Validation;

/// <summary>Go's <c>time.ParseDuration</c> and <c>Duration.String</c>, in nanoseconds.</summary>
internal static class GoDuration
{
    public const long Nanosecond = 1;
    public const long Microsecond = 1000;
    public const long Millisecond = 1000 * Microsecond;
    public const long Second = 1000 * Millisecond;
    public const long Minute = 60 * Second;
    public const long Hour = 60 * Minute;

    private static readonly (string Unit, long Nanos)[] Units =
    [
        ("ns", Nanosecond), ("us", Microsecond), ("µs", Microsecond), ("μs", Microsecond),
        ("ms", Millisecond), ("s", Second), ("m", Minute), ("h", Hour),
    ];

    /// <summary>Parses <c>3s</c>, <c>1m30s</c>, <c>-1.5h</c>…; the error texts are Go's.</summary>
    public static bool TryParse(string text, out long nanoseconds, out string error)
    {
        nanoseconds = 0;
        error = "";
        var s = text;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return true;
        }

        if (s.Length == 0)
        {
            error = $"time: invalid duration {GoFormat.Quote(text)}";
            return false;
        }

        decimal total = 0;
        while (s.Length > 0)
        {
            var i = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var whole = s[..i];
            var fraction = "";
            if (i < s.Length && s[i] == '.')
            {
                var start = ++i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                fraction = s[start..i];
            }

            if (whole.Length == 0 && fraction.Length == 0)
            {
                error = $"time: invalid duration {GoFormat.Quote(text)}";
                return false;
            }

            var unitStart = i;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var unit = s[unitStart..i];
            if (unit.Length == 0)
            {
                error = $"time: missing unit in duration {GoFormat.Quote(text)}";
                return false;
            }

            var match = Array.Find(Units, u => u.Unit == unit);
            if (match.Unit is null)
            {
                error = $"time: unknown unit {GoFormat.Quote(unit)} in duration {GoFormat.Quote(text)}";
                return false;
            }

            var number = decimal.Parse((whole.Length == 0 ? "0" : whole) + (fraction.Length == 0 ? "" : "." + fraction), CultureInfo.InvariantCulture);
            total += number * match.Nanos;
            if (total > long.MaxValue)
            {
                error = $"time: invalid duration {GoFormat.Quote(text)}";
                return false;
            }

            s = s[i..];
        }

        nanoseconds = (long)decimal.Truncate(negative ? -total : total);
        return true;
    }

    /// <summary>Go's <c>Duration.String</c>: <c>0s</c>, <c>500ms</c>, <c>1.5s</c>, <c>1m30s</c>, <c>1h0m0s</c>.</summary>
    public static string Format(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var negative = nanoseconds < 0;
        var u = negative ? (ulong)(-(nanoseconds + 1)) + 1 : (ulong)nanoseconds;
        var sb = new StringBuilder();
        if (u < Second)
        {
            var (precision, unit) = u < Microsecond ? (0, "ns") : u < Millisecond ? (3, "µs") : (6, "ms");
            sb.Append(FormatWithFraction(u, precision)).Append(unit);
        }
        else
        {
            var seconds = FormatWithFraction(u % (ulong)Minute, 9) + "s";
            var minutesTotal = u / (ulong)Minute;
            if (minutesTotal == 0)
            {
                sb.Append(seconds);
            }
            else
            {
                var hours = minutesTotal / 60;
                if (hours > 0)
                {
                    sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
                }

                sb.Append((minutesTotal % 60).ToString(CultureInfo.InvariantCulture)).Append('m').Append(seconds);
            }
        }

        return (negative ? "-" : "") + sb;
    }

    private static string FormatWithFraction(ulong value, int precision)
    {
        if (precision == 0)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var scale = (ulong)Math.Pow(10, precision);
        var whole = value / scale;
        var fraction = (value % scale).ToString(CultureInfo.InvariantCulture).PadLeft(precision, '0').TrimEnd('0');
        return whole.ToString(CultureInfo.InvariantCulture) + (fraction.Length == 0 ? "" : "." + fraction);
    }
}
