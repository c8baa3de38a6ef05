using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Json;

/// <summary>
/// Typed access to a parsed JSON tree with upstream's rules (case-sensitive names, <c>null</c> means unset) and,
/// in strict mode, collection of unknown and duplicate fields by path (<c>spec.foo</c>, <c>metadata.ownerReferences[0].bar</c>).
/// </summary>
internal sealed partial class JsonReadContext
{
    public JsonReadContext(bool strict)
    {
        Strict = strict;
    }

    public bool Strict { get; }

    public List<string> StrictErrors { get; } = [];

    public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public void Unknown(string path, string name)
    {
        if (Strict)
        {
            StrictErrors.Add($"unknown field \"{Join(path, name)}\"");
        }
    }

    /// <summary>The properties of an object (none for <c>null</c>), reporting duplicates in strict mode.</summary>
    public List<JsonProperty> Properties(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw TypeError(path, "object", element);
        }

        var properties = new List<JsonProperty>();
        HashSet<string>? seen = Strict ? new(StringComparer.Ordinal) : null;
        foreach (var property in element.EnumerateObject())
        {
            if (seen is not null && !seen.Add(property.Name))
            {
                StrictErrors.Add($"duplicate field \"{Join(path, property.Name)}\"");
            }

            properties.Add(property);
        }

        return properties;
    }

    public string String(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => e.GetString()!,
        _ => throw TypeError(path, "string", e),
    };

    public long Int64(JsonElement e, string path) => NullableInt64(e, path) ?? 0;

    public long? NullableInt64(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Number)
        {
            throw TypeError(path, "integer", e);
        }

        return e.TryGetInt64(out var value)
            ? value
            : throw new KubernetesJsonException($"{path}: the number is not a 64-bit integer");
    }

    public int Int32(JsonElement e, string path)
    {
        var value = Int64(e, path);
        return value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new KubernetesJsonException($"{path}: the number does not fit a 32-bit integer");
    }

    public bool? NullableBool(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw TypeError(path, "boolean", e),
    };

    /// <summary>RFC 3339 (<c>2006-01-02T15:04:05Z07:00</c>, optional fraction) or null.</summary>
    public KubernetesTime? Time(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            throw TypeError(path, "RFC 3339 time string", e);
        }

        var text = e.GetString()!;
        if (text.Length == 0)
        {
            return null;
        }

        var match = Rfc3339().Match(text);
        if (!match.Success
            || !DateTimeOffset.TryParseExact(
                match.Groups["date"].Value.ToUpperInvariant() + match.Groups["zone"].Value.Replace("z", "Z", StringComparison.Ordinal).Replace("Z", "+00:00", StringComparison.Ordinal),
                "yyyy-MM-dd'T'HH:mm:sszzz",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var parsed))
        {
            throw new KubernetesJsonException($"{path}: \"{text}\" is not an RFC 3339 time");
        }

        var fraction = match.Groups["fraction"].Value;
        var nanos = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
        var seconds = parsed.ToUnixTimeSeconds();

        // Go's zero time (0001-01-01T00:00:00Z) means unset.
        return seconds == DateTimeOffset.MinValue.ToUnixTimeSeconds() && nanos == 0 ? null : new KubernetesTime(seconds, nanos);
    }

    public Dictionary<string, string> StringMap(JsonElement e, string path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Properties(e, path))
        {
            map[p.Name] = String(p.Value, Join(path, p.Name));
        }

        return map;
    }

    /// <summary>A <c>map[string][]byte</c>: values are standard base64.</summary>
    public Dictionary<string, byte[]> BytesMap(JsonElement e, string path)
    {
        var map = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var p in Properties(e, path))
        {
            var itemPath = Join(path, p.Name);
            if (p.Value.ValueKind == JsonValueKind.Null)
            {
                map[p.Name] = [];
                continue;
            }

            if (p.Value.ValueKind != JsonValueKind.String)
            {
                throw TypeError(itemPath, "base64 string", p.Value);
            }

            try
            {
                map[p.Name] = Convert.FromBase64String(p.Value.GetString()!);
            }
            catch (FormatException)
            {
                throw new KubernetesJsonException($"{itemPath}: the value is not valid base64");
            }
        }

        return map;
    }

    public List<string> StringList(JsonElement e, string path) => List(e, path, String);

    public List<T> List<T>(JsonElement e, string path, Func<JsonElement, string, T> readItem)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            throw TypeError(path, "array", e);
        }

        var list = new List<T>(e.GetArrayLength());
        var index = 0;
        foreach (var item in e.EnumerateArray())
        {
            list.Add(readItem(item, $"{path}[{index++}]"));
        }

        return list;
    }

    /// <summary>A raw JSON value passed through untouched (<c>fieldsV1</c>); null for JSON <c>null</c>.</summary>
    public static byte[]? Raw(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? null : Encoding.UTF8.GetBytes(e.GetRawText());

    public static KubernetesJsonException TypeError(string path, string expected, JsonElement actual) =>
        new($"{(path.Length == 0 ? "the document" : path)}: expected {expected}, got {actual.ValueKind.ToString().ToLowerInvariant()}");

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,9}))?(?<zone>[Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
