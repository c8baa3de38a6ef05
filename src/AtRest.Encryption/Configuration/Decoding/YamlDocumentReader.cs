using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>Builds a <see cref="DocumentNode"/> tree from the first YAML document, resolving aliases.</summary>
internal static class YamlDocumentReader
{
    public static DocumentNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, DocumentNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            return ReadNode(parser, anchors);
        }
        catch (YamlException e)
        {
            // go-yaml's text is "yaml: line N: <problem>"; YamlDotNet's positions are 1-based like Go's line+1.
            throw new DocumentFormatException($"yaml: line {e.Start.Line}: {Describe(e)}");
        }
    }

    private static string Describe(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return close >= 0 && message.StartsWith('(') ? message[(close + 3)..] : message;
    }

    private static DocumentNode ReadNode(IParser parser, Dictionary<string, DocumentNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new DocumentFormatException($"yaml: unknown anchor '{alias.Value.Value}' referenced");
        }

        var line = (int)parser.Current!.Start.Line;
        DocumentNode node;
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
                items.Add(ReadNode(parser, anchors));
            }

            node = new SequenceNode(items, line);
        }
        else if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            anchor = mappingStart.Anchor;
            var entries = new List<KeyValuePair<ScalarNode, DocumentNode>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, anchors);
                var value = ReadNode(parser, anchors);
                if (key is not ScalarNode scalarKey)
                {
                    throw new DocumentFormatException($"yaml: line {key.Line}: mapping keys must be scalars");
                }

                entries.Add(new(scalarKey, value));
            }

            node = new MappingNode(entries, line);
        }
        else
        {
            throw new DocumentFormatException($"yaml: line {line}: unexpected {parser.Current?.GetType().Name}");
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }
}
