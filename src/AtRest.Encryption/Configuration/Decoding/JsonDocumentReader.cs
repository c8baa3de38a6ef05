using System.Text;
using System.Text.Json;

namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>Builds a <see cref="DocumentNode"/> tree from JSON, keeping duplicate keys for the strict decoder.</summary>
internal static class JsonDocumentReader
{
    public static DocumentNode Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                throw new DocumentFormatException("unexpected end of JSON input");
            }

            var node = ReadValue(ref reader, json);
            if (reader.Read())
            {
                throw new DocumentFormatException($"invalid character after top-level value at line {LineOf(json, reader.TokenStartIndex)}");
            }

            return node;
        }
        catch (JsonException e)
        {
            throw new DocumentFormatException($"invalid JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message.Split(" LineNumber", 2)[0]}");
        }
    }

    private static DocumentNode ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var line = LineOf(json, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<KeyValuePair<ScalarNode, DocumentNode>>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = new ScalarNode(ReadString(ref reader, json), ScalarKind.String, LineOf(json, reader.TokenStartIndex));
                    reader.Read();
                    entries.Add(new(key, ReadValue(ref reader, json)));
                }

                return new MappingNode(entries, line);
            case JsonTokenType.StartArray:
                var items = new List<DocumentNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, json));
                }

                return new SequenceNode(items, line);
            case JsonTokenType.String:
                return new ScalarNode(ReadString(ref reader, json), ScalarKind.String, line);
            case JsonTokenType.Number:
                var number = Encoding.UTF8.GetString(reader.ValueSpan);
                var isInt = !number.Contains('.') && !number.Contains('e') && !number.Contains('E');
                return new ScalarNode(number, isInt ? ScalarKind.Int : ScalarKind.Float, line);
            case JsonTokenType.True:
                return new ScalarNode("true", ScalarKind.Bool, line);
            case JsonTokenType.False:
                return new ScalarNode("false", ScalarKind.Bool, line);
            default:
                return new ScalarNode("null", ScalarKind.Null, line);
        }
    }

    // Go reads an escaped lone UTF-16 surrogate ("\ud800") as U+FFFD; System.Text.Json refuses the string. No key or
    // secret holds one, so this reader refuses it too, cleanly.
    private static string ReadString(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new DocumentFormatException($"invalid JSON at line {LineOf(json, reader.TokenStartIndex)}: a \\u escape names half of a UTF-16 surrogate pair");
        }
    }

    private static int LineOf(ReadOnlySpan<byte> json, long index) => json[..(int)index].Count((byte)'\n') + 1;
}
