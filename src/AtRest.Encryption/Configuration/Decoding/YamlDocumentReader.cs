using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>
/// Builds a <see cref="DocumentNode"/> tree from the first YAML document, resolving aliases (the target node is
/// shared, not copied). Alias bombs fail as go-yaml fails them (<see cref="AliasBudget"/>), and nesting is capped:
/// an EncryptionConfiguration is six levels deep, and anything deeper than <see cref="MaxDepth"/> would fail strict
/// decoding anyway, so the reader stops before its recursion could exhaust the stack.
/// </summary>
internal static class YamlDocumentReader
{
    /// <summary>The deepest nesting read.</summary>
    public const int MaxDepth = 64;

    public static DocumentNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var state = new YamlReadState(parser);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            return ReadNode(state, 0).Node;
        }
        catch (YamlException e)
        {
            // go-yaml's text is "yaml: line N: <problem>"; YamlDotNet's positions are 1-based like Go's line+1.
            throw new DocumentFormatException($"yaml: line {e.Start.Line}: {Describe(e)}");
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName is "highSurrogate" or "lowSurrogate")
        {
            // YamlDotNet's scanner throws this for an escaped UTF-16 surrogate ("\udc00"); go-yaml refuses every one.
            throw new DocumentFormatException($"yaml: line {state.Line}: found invalid Unicode character escape code");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this for some malformed input (e.g. a broken plain scalar in a flow mapping).
            throw new DocumentFormatException($"yaml: line {state.Line}: {e.Message}");
        }
    }

    private static string Describe(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return close >= 0 && message.StartsWith('(') ? message[(close + 3)..] : message;
    }

    private static (DocumentNode Node, double Size) ReadNode(YamlReadState state, int depth)
    {
        var parser = state.Parser;
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!state.Anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new DocumentFormatException($"yaml: unknown anchor '{alias.Value.Value}' referenced");
            }

            state.Budget.Alias(target.Size);
            return target;
        }

        var line = (int)parser.Current!.Start.Line;
        state.Line = line;
        if (depth > MaxDepth)
        {
            throw new DocumentFormatException($"yaml: line {line}: nesting deeper than {MaxDepth} levels");
        }

        state.Budget.Node();
        DocumentNode node;
        double size = 1;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            var plain = scalar.Style == ScalarStyle.Plain;
            var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
            node = new ScalarNode(scalar.Value, YamlScalarResolver.Resolve(scalar.Value, plain, tag), line);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            anchor = sequenceStart.Anchor;
            var items = new List<DocumentNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var (item, itemSize) = ReadNode(state, depth + 1);
                items.Add(item);
                size += itemSize;
            }

            node = new SequenceNode(items, line);
        }
        else if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            anchor = mappingStart.Anchor;
            var entries = new List<KeyValuePair<ScalarNode, DocumentNode>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var (key, keySize) = ReadNode(state, depth + 1);
                var (value, valueSize) = ReadNode(state, depth + 1);
                if (key is not ScalarNode scalarKey)
                {
                    throw new DocumentFormatException($"yaml: line {key.Line}: mapping keys must be scalars");
                }

                entries.Add(new(scalarKey, value));
                size += keySize + valueSize;
            }

            node = new MappingNode(entries, line);
        }
        else
        {
            throw new DocumentFormatException($"yaml: line {line}: unexpected {parser.Current?.GetType().Name}");
        }

        if (!anchor.IsEmpty)
        {
            state.Anchors[anchor.Value] = (node, size);
        }

        return (node, size);
    }
}
