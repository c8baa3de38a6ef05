using System.Buffers;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AtRest.Kubernetes.Yaml;

/// <summary>
/// Turns one YAML document into JSON bytes with go-yaml v2's YAML 1.1 typing of plain scalars (as
/// <c>sigs.k8s.io/yaml</c> does before JSON decoding): quoted scalars stay strings; plain ones may become null,
/// booleans or numbers; timestamps stay strings. Duplicate keys are kept so strict decoding can report them.
/// </summary>
internal static class YamlToJson
{
    // Aliases can expand a small document exponentially; cap the number of nodes written.
    private const int MaxNodes = 1_000_000;
    private const int MaxDepth = 64;

    public static byte[] Convert(ReadOnlySpan<byte> yaml)
    {
        // go-yaml's reader refuses bytes that are not UTF-8 ("invalid leading UTF-8 octet"); decoding would replace them.
        if (!System.Text.Unicode.Utf8.IsValid(yaml))
        {
            throw new KubernetesJsonException("invalid YAML: the input is not valid UTF-8");
        }

        var parser = new Parser(new StringReader(Encoding.UTF8.GetString(yaml)));
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, yaml.Length * 2));
        try
        {
            var anchors = new Dictionary<string, (int Start, int Count)>(StringComparer.Ordinal);
            parser.Consume<StreamStart>();
            var documents = 0;
            while (parser.TryConsume<DocumentStart>(out _))
            {
                documents++;
                if (documents > 1)
                {
                    throw new KubernetesJsonException("the YAML holds more than one document; expected one object");
                }

                var events = new List<ParsingEvent>();
                ReadNode(parser, events, anchors, 0);
                using var writer = new Utf8JsonWriter(buffer);
                var budget = MaxNodes;
                var index = 0;
                WriteNode(writer, events, ref index, ref budget);
                parser.Consume<DocumentEnd>();
            }

            parser.Consume<StreamEnd>();
            if (documents == 0)
            {
                throw new KubernetesJsonException("the YAML input is empty");
            }
        }
        catch (YamlException e)
        {
            throw new KubernetesJsonException($"invalid YAML: {e.Message}", e);
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName is "highSurrogate" or "lowSurrogate")
        {
            // YamlDotNet's scanner (Char.ConvertToUtf32) throws this for an escaped surrogate such as "\udc00"; go-yaml
            // refuses every escaped surrogate, in these words.
            throw new KubernetesJsonException("invalid YAML: found invalid Unicode character escape code", e);
        }
        catch (ArgumentException e)
        {
            // Utf8JsonWriter refuses a lone surrogate that YamlDotNet let through: "Cannot encode invalid UTF-16 text…".
            throw new KubernetesJsonException($"invalid YAML: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this for some malformed input (e.g. a broken plain scalar in a flow mapping).
            throw new KubernetesJsonException($"invalid YAML: {e.Message}", e);
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Reads one node's events, replacing aliases by the anchored node's events. An anchor names the range of events
    // its node occupies in the output (which only grows), so nested anchors share those events instead of each
    // holding a copy: a copy per level cost depth × size.
    private static void ReadNode(IParser parser, List<ParsingEvent> output, Dictionary<string, (int Start, int Count)> anchors, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new KubernetesJsonException($"invalid YAML: nesting deeper than {MaxDepth} levels");
        }

        var current = parser.Current ?? throw new KubernetesJsonException("invalid YAML: unexpected end of input");
        parser.MoveNext();
        if (current is AnchorAlias alias)
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new KubernetesJsonException($"invalid YAML: unknown anchor \"{alias.Value.Value}\"");
            }

            if (output.Count + target.Count > MaxNodes)
            {
                throw new KubernetesJsonException("invalid YAML: aliases expand to too many nodes");
            }

            for (var i = 0; i < target.Count; i++)
            {
                output.Add(output[target.Start + i]);
            }

            return;
        }

        var start = output.Count;
        output.Add(current);
        if (current is MappingStart or SequenceStart)
        {
            while (parser.Current is not (MappingEnd or SequenceEnd))
            {
                ReadNode(parser, output, anchors, depth + 1);
            }

            output.Add(parser.Current);
            parser.MoveNext();
        }

        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            anchors[anchored.Anchor.Value] = (start, output.Count - start);
        }
    }

    private static void WriteNode(Utf8JsonWriter w, List<ParsingEvent> events, ref int index, ref int budget)
    {
        if (--budget < 0)
        {
            throw new KubernetesJsonException("invalid YAML: the document has too many nodes");
        }

        switch (events[index++])
        {
            case Scalar scalar:
                WriteScalar(w, scalar);
                break;
            case SequenceStart:
                w.WriteStartArray();
                while (events[index] is not SequenceEnd)
                {
                    WriteNode(w, events, ref index, ref budget);
                }

                index++;
                w.WriteEndArray();
                break;
            case MappingStart:
                w.WriteStartObject();
                while (events[index] is not MappingEnd)
                {
                    if (events[index] is not Scalar key)
                    {
                        throw new KubernetesJsonException("invalid YAML: mapping keys must be scalars");
                    }

                    index++;
                    w.WritePropertyName(key.Value);
                    WriteNode(w, events, ref index, ref budget);
                }

                index++;
                w.WriteEndObject();
                break;
            default:
                throw new KubernetesJsonException("invalid YAML: unexpected structure");
        }
    }

    private static void WriteScalar(Utf8JsonWriter w, Scalar scalar)
    {
        var value = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value is "tag:yaml.org,2002:str" or "!!str"))
        {
            w.WriteStringValue(value);
        }
        else if (YamlScalars.IsNull(value))
        {
            w.WriteNullValue();
        }
        else if (YamlScalars.AsBool(value) is { } b)
        {
            w.WriteBooleanValue(b);
        }
        else if (YamlScalars.TryInteger(value, out var integer))
        {
            w.WriteNumberValue(integer);
        }
        else if (YamlScalars.TryFloat(value, out var number))
        {
            w.WriteNumberValue(number);
        }
        else
        {
            w.WriteStringValue(value);
        }
    }
}
