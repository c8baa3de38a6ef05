using System.Globalization;
using AtRest.ApiServer.Validation;

namespace AtRest.Cli.Commands.Run;

/// <summary>
/// The API server's checks on secret and configMap volume sources (<c>ValidateKeyToPath</c>, the mode range) and the
/// atomic writer's own path checks, with their messages, so a bad projection fails before anything is written.
/// </summary>
internal static class ProjectionRules
{
    private const int MaxMode = 0b111_111_111;
    private const int MaxPathLength = 4096;
    private const int MaxSegmentLength = 255;

    /// <summary>Errors for a file mode (<c>defaultMode</c> or an item's <c>mode</c>).</summary>
    public static IEnumerable<FieldError> Mode(string field, int mode)
    {
        if (mode is < 0 or > MaxMode)
        {
            yield return FieldError.Invalid(field, Octal(mode), "must be a number between 0 and 0777 (octal), both inclusive");
        }
    }

    /// <summary>Errors for an item's key and path.</summary>
    public static IEnumerable<FieldError> Item(string field, KeyToPath item)
    {
        if (item.Key.Length == 0)
        {
            yield return FieldError.Required($"{field}.key");
        }

        if (item.Path.Length == 0)
        {
            yield return FieldError.Required($"{field}.path");
            yield break;
        }

        foreach (var error in RelativePath($"{field}.path", item.Path))
        {
            yield return error;
        }

        if (item.Mode is { } mode)
        {
            foreach (var error in Mode($"{field}.mode", mode))
            {
                yield return error;
            }
        }
    }

    /// <summary>
    /// Errors for a path inside a volume: relative, no <c>..</c> element, not starting with <c>..</c> (the
    /// writer's own names start so), within Linux's length limits.
    /// </summary>
    public static IEnumerable<FieldError> RelativePath(string field, string path)
    {
        if (path.StartsWith('/'))
        {
            yield return FieldError.Invalid(field, path, "must be a relative path");
        }

        if (path.Split('/').Contains(".."))
        {
            yield return FieldError.Invalid(field, path, "must not contain '..'");
        }
        else if (path.StartsWith("..", StringComparison.Ordinal))
        {
            yield return FieldError.Invalid(field, path, "must not start with '..'");
        }

        if (path.Length > MaxPathLength)
        {
            yield return FieldError.Invalid(field, path, $"must be no more than {MaxPathLength} characters");
        }

        if (path.Split('/').Any(segment => segment.Length > MaxSegmentLength))
        {
            yield return FieldError.Invalid(field, path, $"must not have a path element longer than {MaxSegmentLength} characters");
        }
    }

    /// <summary>Parses an octal mode as written on the command line (<c>0400</c>, <c>400</c>, <c>0o400</c>).</summary>
    public static int? ParseOctal(string text)
    {
        var digits = text.StartsWith("0o", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (digits.Length is 0 or > 11 || digits.Any(c => c is < '0' or > '7'))
        {
            return null;
        }

        long value = 0;
        foreach (var c in digits)
        {
            value = (value * 8) + (c - '0');
        }

        return value > int.MaxValue ? null : (int)value;
    }

    /// <summary>A mode in octal with a leading zero, as modes are written.</summary>
    public static string Octal(int mode) => mode < 0 ? mode.ToString(CultureInfo.InvariantCulture) : "0" + Convert.ToString(mode, 8);
}
