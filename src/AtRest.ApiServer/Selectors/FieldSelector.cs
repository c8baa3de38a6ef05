using System.Text;
using AtRest.ApiServer.Errors;

namespace AtRest.ApiServer.Selectors;

/// <summary>A parsed <c>fieldSelector</c> query: comma-separated <c>f=v</c>, <c>f==v</c>, <c>f!=v</c> (backslash escapes).</summary>
internal sealed class FieldSelector
{
    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    /// <summary>The selector that matches everything.</summary>
    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The terms, all of which must hold.</summary>
    public IReadOnlyList<FieldRequirement> Requirements { get; }

    /// <summary>Whether this selector matches everything.</summary>
    public bool IsEverything => Requirements.Count == 0;

    /// <summary>The value required by an equality term on <paramref name="field"/>, if any (lets a list narrow its range).</summary>
    public string? RequiredValue(string field) =>
        Requirements.FirstOrDefault(r => r.Equal && r.Field == field)?.Value;

    /// <summary>Whether an object whose fields are read by <paramref name="valueOf"/> satisfies every term.</summary>
    public bool Matches(Func<string, string> valueOf)
    {
        foreach (var r in Requirements)
        {
            if (string.Equals(valueOf(r.Field), r.Value, StringComparison.Ordinal) != r.Equal)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses the query value; throws a 400 naming the bad term.</summary>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var result = new List<FieldRequirement>();
        foreach (var term in SplitUnescaped(text, ','))
        {
            if (term.Length == 0)
            {
                continue;
            }

            var (field, value, equal) = SplitTerm(term)
                ?? throw ApiErrors.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            result.Add(new FieldRequirement(field, Unescape(value), equal));
        }

        return new FieldSelector(result);
    }

    private static (string Field, string Value, bool Equal)? SplitTerm(string term)
    {
        foreach (var (op, equal) in new[] { ("!=", false), ("==", true), ("=", true) })
        {
            var at = IndexOfUnescaped(term, op);
            if (at > 0)
            {
                return (term[..at].Trim(), term[(at + op.Length)..], equal);
            }
        }

        return null;
    }

    private static int IndexOfUnescaped(string text, string token)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }

            if (string.CompareOrdinal(text, i, token, 0, token.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> SplitUnescaped(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                current.Append(text[i]).Append(text[++i]);
            }
            else if (text[i] == separator)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(text[i]);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            text.Append(value[i] == '\\' && i + 1 < value.Length ? value[++i] : value[i]);
        }

        return text.ToString();
    }
}
