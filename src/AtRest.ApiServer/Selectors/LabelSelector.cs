using System.Globalization;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Validation;

namespace AtRest.ApiServer.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c> query: comma-separated requirements <c>k</c>, <c>!k</c>, <c>k=v</c>, <c>k==v</c>,
/// <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k&gt;n</c>, <c>k&lt;n</c>; all must hold.
/// </summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<LabelRequirement> requirements;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => this.requirements = requirements;

    /// <summary>The selector that matches everything.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Whether this selector matches everything.</summary>
    public bool IsEverything => requirements.Count == 0;

    /// <summary>Whether <paramref name="labels"/> satisfy every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var r in requirements)
        {
            if (!r.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses the query value; throws a 400 naming the bad part.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<LabelRequirement>();
        var reader = new SelectorReader(text);
        while (true)
        {
            reader.SkipSpaces();
            result.Add(ParseRequirement(reader, text));
            reader.SkipSpaces();
            if (reader.AtEnd)
            {
                break;
            }

            if (!reader.TryTake(","))
            {
                throw Bad(text, $"found '{reader.Rest}', expected: ',' or 'end of string'");
            }
        }

        return new LabelSelector(result);
    }

    private static LabelRequirement ParseRequirement(SelectorReader reader, string text)
    {
        var negated = reader.TryTake("!");
        reader.SkipSpaces();
        var key = reader.ReadWord();
        if (key.Length == 0)
        {
            throw Bad(text, "found '" + reader.Rest + "', expected: identifier");
        }

        ValidateKey(key, text);
        reader.SkipSpaces();
        if (negated)
        {
            return new LabelRequirement(key, LabelOperator.DoesNotExist, []);
        }

        if (reader.AtEnd || reader.Peek == ',')
        {
            return new LabelRequirement(key, LabelOperator.Exists, []);
        }

        if (reader.TryTake("==") || reader.TryTake("="))
        {
            return new LabelRequirement(key, LabelOperator.In, [Value(reader, text)]);
        }

        if (reader.TryTake("!="))
        {
            return new LabelRequirement(key, LabelOperator.NotIn, [Value(reader, text)]);
        }

        if (reader.TryTake(">") || reader.TryTake("<"))
        {
            var op = reader.Previous == '>' ? LabelOperator.GreaterThan : LabelOperator.LessThan;
            var number = Value(reader, text);
            if (!long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                throw Bad(text, $"for 'Gt', 'Lt' operators, the value must be an integer");
            }

            return new LabelRequirement(key, op, [number]);
        }

        var word = reader.ReadWord();
        var setOp = word switch
        {
            "in" => LabelOperator.In,
            "notin" => LabelOperator.NotIn,
            _ => throw Bad(text, $"found '{word}', expected: in, notin, =, ==, !=, gt, lt"),
        };
        reader.SkipSpaces();
        if (!reader.TryTake("("))
        {
            throw Bad(text, "found '" + reader.Rest + "', expected: '('");
        }

        var values = new List<string>();
        while (true)
        {
            reader.SkipSpaces();
            var v = reader.ReadWord();
            ValidateValue(v, text);
            values.Add(v);
            reader.SkipSpaces();
            if (reader.TryTake(")"))
            {
                break;
            }

            if (!reader.TryTake(","))
            {
                throw Bad(text, "found '" + reader.Rest + "', expected: ',', ')'");
            }
        }

        return new LabelRequirement(key, setOp, values);
    }

    private static string Value(SelectorReader reader, string text)
    {
        reader.SkipSpaces();
        var v = reader.ReadWord();
        ValidateValue(v, text);
        return v;
    }

    private static void ValidateKey(string key, string text)
    {
        var errors = LabelRules.IsQualifiedName(key);
        if (errors.Count > 0)
        {
            throw Bad(text, $"key: Invalid value: {FieldError.GoQuote(key)}: {errors[0]}");
        }
    }

    private static void ValidateValue(string value, string text)
    {
        var errors = LabelRules.IsValidLabelValue(value);
        if (errors.Count > 0)
        {
            throw Bad(text, $"values[0][{value}]: Invalid value: {FieldError.GoQuote(value)}: {errors[0]}");
        }
    }

    private static ApiException Bad(string text, string why) =>
        ApiErrors.BadRequest($"unable to parse requirement: {why} (labelSelector {FieldError.GoQuote(text)})");
}
