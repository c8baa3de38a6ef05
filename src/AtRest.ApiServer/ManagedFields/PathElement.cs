using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// One step of a field path, as structured-merge-diff's <c>fieldpath.PathElement</c>. It is held in its FieldsV1 key form
/// (<c>f:data</c>, <c>k:{"uid":"…"}</c>, <c>v:"kubernetes"</c>, <c>i:0</c>), which is canonical: key fields are sorted by
/// name and values are compact JSON, so two equal elements have the same text.
/// </summary>
internal sealed class PathElement : IComparable<PathElement>, IEquatable<PathElement>
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private PathElement(PathElementKind kind, string text, string? field, IReadOnlyList<KeyValuePair<string, JsonNode?>> keys, JsonNode? value, int index)
    {
        Kind = kind;
        Text = text;
        FieldName = field;
        Keys = keys;
        Value = value;
        Index = index;
    }

    /// <summary>Which kind of step.</summary>
    public PathElementKind Kind { get; }

    /// <summary>The FieldsV1 key, e.g. <c>f:data</c>.</summary>
    public string Text { get; }

    /// <summary>The field name of an <see cref="PathElementKind.Field"/> step.</summary>
    public string? FieldName { get; }

    /// <summary>The key fields of a <see cref="PathElementKind.Key"/> step, sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Keys { get; }

    /// <summary>The value of a <see cref="PathElementKind.Value"/> step.</summary>
    public JsonNode? Value { get; }

    /// <summary>The index of an <see cref="PathElementKind.Index"/> step.</summary>
    public int Index { get; }

    /// <summary>A struct field or map key.</summary>
    public static PathElement Field(string name) => new(PathElementKind.Field, "f:" + name, name, [], null, 0);

    /// <summary>A list item identified by its key fields.</summary>
    public static PathElement Key(IEnumerable<KeyValuePair<string, JsonNode?>> keys)
    {
        var sorted = keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => KeyValuePair.Create(k.Key, k.Value?.DeepClone())).ToList();
        var json = new JsonObject();
        foreach (var (name, value) in sorted)
        {
            json[name] = value?.DeepClone();
        }

        return new(PathElementKind.Key, "k:" + Compact(json), null, sorted, null, 0);
    }

    /// <summary>A set item identified by its value.</summary>
    public static PathElement ForValue(JsonNode? value) => new(PathElementKind.Value, "v:" + Compact(value), null, [], value?.DeepClone(), 0);

    /// <summary>A list item identified by its position.</summary>
    public static PathElement ForIndex(int index) =>
        new(PathElementKind.Index, "i:" + index.ToString(CultureInfo.InvariantCulture), null, [], null, index);

    /// <summary>Parses a FieldsV1 key; null when it is not one.</summary>
    public static PathElement? TryParse(string text)
    {
        if (text.Length < 2 || text[1] != ':')
        {
            return null;
        }

        var body = text[2..];
        try
        {
            switch (text[0])
            {
                case 'f':
                    return Field(body);
                case 'k':
                    return JsonNode.Parse(body) is JsonObject keys && keys.Count > 0 ? Key(keys.Select(k => KeyValuePair.Create(k.Key, k.Value))) : null;
                case 'v':
                    return ForValue(JsonNode.Parse(body));
                case 'i':
                    return int.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? ForIndex(index) : null;
                default:
                    return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The step as upstream's <c>fieldpath.Path.String()</c> prints it: <c>.name</c>, <c>[uid="x"]</c>, <c>[=v]</c>, <c>[3]</c>.</summary>
    public string ToPathString() => Kind switch
    {
        PathElementKind.Field => "." + FieldName,
        PathElementKind.Key => "[" + string.Join(",", Keys.Select(k => k.Key + "=" + Compact(k.Value))) + "]",
        PathElementKind.Value => "[=" + Compact(Value) + "]",
        _ => "[" + Index.ToString(CultureInfo.InvariantCulture) + "]",
    };

    /// <inheritdoc />
    public int CompareTo(PathElement? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (Kind != other.Kind)
        {
            return Kind.CompareTo(other.Kind);
        }

        switch (Kind)
        {
            case PathElementKind.Field:
                return string.CompareOrdinal(FieldName, other.FieldName);
            case PathElementKind.Key:
                for (var i = 0; i < Math.Min(Keys.Count, other.Keys.Count); i++)
                {
                    var byName = string.CompareOrdinal(Keys[i].Key, other.Keys[i].Key);
                    if (byName != 0)
                    {
                        return byName;
                    }

                    var byValue = ScalarOrder.Compare(Keys[i].Value, other.Keys[i].Value);
                    if (byValue != 0)
                    {
                        return byValue;
                    }
                }

                return Keys.Count.CompareTo(other.Keys.Count);
            case PathElementKind.Value:
                return ScalarOrder.Compare(Value, other.Value);
            default:
                return Index.CompareTo(other.Index);
        }
    }

    /// <inheritdoc />
    public bool Equals(PathElement? other) => other is not null && Text == other.Text;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PathElement);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Compact JSON as Go writes it for the keys this server's kinds produce (no HTML-sensitive characters occur in them).</summary>
    internal static string Compact(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
