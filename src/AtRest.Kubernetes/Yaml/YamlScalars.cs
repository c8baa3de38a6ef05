using System.Globalization;
using System.Text.RegularExpressions;

namespace AtRest.Kubernetes.Yaml;

/// <summary>
/// YAML 1.1 plain-scalar resolution as go-yaml v2 does it (the library behind kubectl's YAML): which plain texts
/// are null, booleans or numbers. Strings that would resolve to something else must be quoted on output.
/// </summary>
internal static partial class YamlScalars
{
    private static readonly HashSet<string> Nulls = new(StringComparer.Ordinal) { "", "~", "null", "Null", "NULL" };

    private static readonly HashSet<string> Trues = new(StringComparer.Ordinal)
    {
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
    };

    private static readonly HashSet<string> Falses = new(StringComparer.Ordinal)
    {
        "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    };

    public static bool IsNull(string plain) => Nulls.Contains(plain);

    public static bool? AsBool(string plain) => Trues.Contains(plain) ? true : Falses.Contains(plain) ? false : null;

    /// <summary>True when a string written plain would be read back as something other than that string.</summary>
    public static bool NeedsQuotes(string s) =>
        IsNull(s) || AsBool(s) is not null || s is "<<" or "=" || s is ".inf" or ".Inf" or ".INF" or "-.inf" or "+.inf" or ".nan" or ".NaN" or ".NAN"
        || (s.Length > 0 && (char.IsAsciiDigit(s[0]) || s[0] is '-' or '+' or '.')
            && (TryInteger(s, out _) || TryFloat(s, out _) || Base60().IsMatch(s) || Timestamp().IsMatch(s)));

    public static bool TryInteger(string plain, out long value)
    {
        var s = plain.Replace("_", "", StringComparison.Ordinal);
        var negative = s.StartsWith('-');
        var digits = s.TrimStart('-', '+');
        if (s.Length - digits.Length > 1 || digits.Length == 0)
        {
            value = 0;
            return false;
        }

        bool ok;
        ulong magnitude;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = ulong.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude);
        }
        else if (digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            ok = ulong.TryParse(digits[2..], NumberStyles.AllowBinarySpecifier, CultureInfo.InvariantCulture, out magnitude);
        }
        else if (digits.Length > 1 && digits[0] == '0')
        {
            // Go's ParseInt refuses an octal number over 64 bits (it then reads as a float); Convert would throw.
            magnitude = 0;
            ok = OctalDigits().IsMatch(digits) && TryOctal(digits.TrimStart('0', 'o', 'O'), out magnitude);
        }
        else
        {
            ok = ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude);
        }

        if (!ok || magnitude > (negative ? 1UL + long.MaxValue : long.MaxValue))
        {
            value = 0;
            return false;
        }

        value = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        return true;
    }

    public static bool TryFloat(string plain, out double value)
    {
        value = 0;
        var s = plain.Replace("_", "", StringComparison.Ordinal);
        // Go's ParseFloat fails on overflow ("1e400"), so go-yaml keeps such a scalar a string; .NET would give infinity.
        return FloatText().IsMatch(s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static bool TryOctal(string digits, out ulong value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (value > ulong.MaxValue >> 3)
            {
                return false;
            }

            value = (value << 3) | (uint)(digit - '0');
        }

        return true;
    }

    [GeneratedRegex("^0[oO]?[0-7]+$")]
    private static partial Regex OctalDigits();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatText();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")]
    private static partial Regex Base60();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?)?)?$")]
    private static partial Regex Timestamp();
}
