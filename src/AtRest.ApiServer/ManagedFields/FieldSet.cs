using System.Text;
using System.Text.Json;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// A set of field paths, as structured-merge-diff's <c>fieldpath.Set</c>: the paths that end here (members) and, per
/// step, the set of longer paths (children). A path can be both, e.g. <c>data</c> itself and <c>data.key</c>. Its
/// FieldsV1 form is JSON with one key per step in sorted order; a child that is also a member starts with <c>".":{}</c>,
/// a member with no children is <c>{}</c>:
/// <code>
///   {"f:data":{".":{},"f:key":{}},"f:metadata":{"f:labels":{"f:team":{}}}}
/// </code>
/// </summary>
internal sealed class FieldSet
{
    private readonly SortedSet<PathElement> _members = [];
    private readonly SortedDictionary<PathElement, FieldSet> _children = [];

    /// <summary>True when the set holds no path.</summary>
    public bool IsEmpty => _members.Count == 0 && _children.Values.All(c => c.IsEmpty);

    /// <summary>The set of <paramref name="paths"/>.</summary>
    public static FieldSet Of(params IReadOnlyList<PathElement>[] paths)
    {
        var set = new FieldSet();
        foreach (var path in paths)
        {
            set.Insert(path);
        }

        return set;
    }

    /// <summary>Adds <paramref name="path"/> (the empty path is not tracked, as upstream).</summary>
    public void Insert(IReadOnlyList<PathElement> path)
    {
        if (path.Count == 0)
        {
            return;
        }

        var node = this;
        for (var i = 0; i < path.Count - 1; i++)
        {
            node = node.Child(path[i]);
        }

        node._members.Add(path[^1]);
    }

    /// <summary>True when <paramref name="path"/> is a member.</summary>
    public bool Has(IReadOnlyList<PathElement> path)
    {
        var node = this;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (!node._children.TryGetValue(path[i], out node))
            {
                return false;
            }
        }

        return path.Count > 0 && node._members.Contains(path[^1]);
    }

    /// <summary>True when some member path is longer than <paramref name="path"/> and starts with it.</summary>
    public bool HasChildren(IReadOnlyList<PathElement> path)
    {
        var node = this;
        foreach (var step in path)
        {
            if (!node._children.TryGetValue(step, out node))
            {
                return false;
            }
        }

        return !node.IsEmpty;
    }

    /// <summary>True when both sets hold the same paths.</summary>
    public bool SetEquals(FieldSet other) => Difference(other).IsEmpty && other.Difference(this).IsEmpty;

    /// <summary>The paths in either set.</summary>
    public FieldSet Union(FieldSet other)
    {
        var result = Copy();
        result.AddAll(other);
        return result;
    }

    /// <summary>The paths in both sets.</summary>
    public FieldSet Intersection(FieldSet other)
    {
        var result = new FieldSet();
        result._members.UnionWith(_members.Where(other._members.Contains));
        foreach (var (step, child) in _children)
        {
            if (other._children.TryGetValue(step, out var otherChild))
            {
                var both = child.Intersection(otherChild);
                if (!both.IsEmpty)
                {
                    result._children[step] = both;
                }
            }
        }

        return result;
    }

    /// <summary>The paths of this set that are not in <paramref name="other"/> (a member removes only itself, not its children).</summary>
    public FieldSet Difference(FieldSet other)
    {
        var result = new FieldSet();
        result._members.UnionWith(_members.Where(m => !other._members.Contains(m)));
        foreach (var (step, child) in _children)
        {
            var rest = other._children.TryGetValue(step, out var otherChild) ? child.Difference(otherChild) : child.Copy();
            if (!rest.IsEmpty)
            {
                result._children[step] = rest;
            }
        }

        return result;
    }

    /// <summary>Every member path: this level's members first, then each child's, in sorted order (upstream's <c>Iterate</c>).</summary>
    public IEnumerable<IReadOnlyList<PathElement>> Paths()
    {
        foreach (var member in _members)
        {
            yield return [member];
        }

        foreach (var (step, child) in _children)
        {
            foreach (var rest in child.Paths())
            {
                yield return [step, .. rest];
            }
        }
    }

    /// <summary>The FieldsV1 JSON of the set.</summary>
    public byte[] ToFieldsV1()
    {
        var text = new StringBuilder();
        Write(text, member: false);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Parses FieldsV1 JSON.</summary>
    /// <exception cref="FormatException">The bytes are not a FieldsV1 set.</exception>
    public static FieldSet FromFieldsV1(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("FieldsV1 is not a JSON object");
            }

            var set = new FieldSet();
            Read(document.RootElement, set);
            return set;
        }
        catch (JsonException e)
        {
            throw new FormatException($"FieldsV1 is not valid JSON: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(ToFieldsV1());

    // Returns true when the object at `element` marks its own path as a member ("." or an empty object).
    private static bool Read(JsonElement element, FieldSet into)
    {
        var member = false;
        var any = false;
        foreach (var property in element.EnumerateObject())
        {
            any = true;
            if (property.Name == ".")
            {
                member = true;
                continue;
            }

            var step = PathElement.TryParse(property.Name) ?? throw new FormatException($"FieldsV1 key {property.Name} is not a path element");
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"FieldsV1 value of {property.Name} is not an object");
            }

            var child = new FieldSet();
            if (Read(property.Value, child))
            {
                into._members.Add(step);
            }

            if (!child.IsEmpty)
            {
                into._children[step] = child;
            }
        }

        return member || !any;
    }

    private void Write(StringBuilder text, bool member)
    {
        text.Append('{');
        var first = true;
        if (member)
        {
            text.Append("\".\":{}");
            first = false;
        }

        foreach (var step in _members.Union(_children.Keys).Order())
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            text.Append(PathElement.Compact(System.Text.Json.Nodes.JsonValue.Create(step.Text)));
            text.Append(':');
            if (_children.TryGetValue(step, out var child) && !child.IsEmpty)
            {
                child.Write(text, _members.Contains(step));
            }
            else
            {
                text.Append("{}");
            }
        }

        text.Append('}');
    }

    private FieldSet Child(PathElement step)
    {
        if (!_children.TryGetValue(step, out var child))
        {
            child = new FieldSet();
            _children[step] = child;
        }

        return child;
    }

    private FieldSet Copy()
    {
        var copy = new FieldSet();
        copy.AddAll(this);
        return copy;
    }

    private void AddAll(FieldSet other)
    {
        _members.UnionWith(other._members);
        foreach (var (step, child) in other._children)
        {
            Child(step).AddAll(child);
        }
    }
}
