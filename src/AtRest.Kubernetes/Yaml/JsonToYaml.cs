using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AtRest.Kubernetes.Yaml;

/// <summary>
/// Writes a JSON tree as block YAML the way <c>kubectl -o yaml</c> does (JSON → go-yaml v2): keys in go-yaml order,
/// sequences not indented under their key, empty collections as <c>{}</c>/<c>[]</c>, strings quoted only when
/// plain text would read back as another type, multi-line strings as literal blocks.
/// </summary>
internal static class JsonToYaml
{
    public static string Convert(JsonElement root)
    {
        using var text = new StringWriter();
        var emitter = new Emitter(text, new EmitterSettings(2, 80, false, int.MaxValue));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Write(emitter, root);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Write(IEmitter emitter, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = e.EnumerateObject().ToList();
                properties.Sort((a, b) => GoYamlKeyOrder.Instance.Compare(a.Name, b.Name));
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, properties.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var p in properties)
                {
                    WriteString(emitter, p.Name, isKey: true);
                    Write(emitter, p.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                var empty = e.GetArrayLength() == 0;
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, empty ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in e.EnumerateArray())
                {
                    Write(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                WriteString(emitter, e.GetString()!, isKey: false);
                break;
            case JsonValueKind.Number:
                Plain(emitter, e.GetRawText());
                break;
            case JsonValueKind.True:
                Plain(emitter, "true");
                break;
            case JsonValueKind.False:
                Plain(emitter, "false");
                break;
            default:
                Plain(emitter, "null");
                break;
        }
    }

    private static void WriteString(IEmitter emitter, string value, bool isKey)
    {
        var style = HasUnsafeWhitespace(value) ? ScalarStyle.DoubleQuoted
            : value.Contains('\n', StringComparison.Ordinal) ? isKey ? ScalarStyle.DoubleQuoted : ScalarStyle.Literal
            : YamlScalars.NeedsQuotes(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, true, true));
    }

    // Tabs, carriage returns, control characters and the YAML 1.1 line breaks (U+0085, U+2028, U+2029) do not survive
    // plain or literal style reliably, nor does whitespace at either end; double quotes escape them.
    private static bool HasUnsafeWhitespace(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        if (char.IsWhiteSpace(value[0]) || (value[^1] != '\n' && char.IsWhiteSpace(value[^1])))
        {
            return true;
        }

        foreach (var c in value)
        {
            if ((c < 0x20 && c != '\n') || c is '\u007f' or '\u0085' or '\u2028' or '\u2029' or '\ufeff')
            {
                return true;
            }
        }

        return false;
    }

    private static void Plain(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, true));
}
