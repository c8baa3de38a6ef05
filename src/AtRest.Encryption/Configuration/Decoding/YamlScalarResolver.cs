using System.Text.RegularExpressions;

namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>
/// Resolves plain (unquoted) YAML scalars as go-yaml v2 does (YAML 1.1): <c>yes</c>/<c>on</c> are booleans,
/// <c>~</c> is null, numbers are numbers. Quoted scalars are always strings.
/// </summary>
internal static partial class YamlScalarResolver
{
    private static readonly HashSet<string> Nulls = ["", "~", "null", "Null", "NULL"];

    private static readonly HashSet<string> Bools =
    [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ];

    public static ScalarKind Resolve(string value, bool plain, string? tag)
    {
        if (tag is "tag:yaml.org,2002:str" or "!!str")
        {
            return ScalarKind.String;
        }

        if (!plain)
        {
            return ScalarKind.String;
        }

        if (Nulls.Contains(value))
        {
            return ScalarKind.Null;
        }

        if (Bools.Contains(value))
        {
            return ScalarKind.Bool;
        }

        if (IntPattern().IsMatch(value))
        {
            return ScalarKind.Int;
        }

        if (FloatPattern().IsMatch(value) || value is ".inf" or "-.inf" or "+.inf" or ".Inf" or ".INF" or ".nan" or ".NaN" or ".NAN")
        {
            return ScalarKind.Float;
        }

        return ScalarKind.String;
    }

    [GeneratedRegex(@"^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|[0-9][0-9_]*|[1-9][0-9_]*(:[0-5]?[0-9])+)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
