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
        var emitter = new Emitter(text, new EmitterSettings(2, int.MaxValue, false, int.MaxValue));
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
        var style = value.Contains('\n', StringComparison.Ordinal)
            ? isKey ? ScalarStyle.DoubleQuoted : ScalarStyle.Literal
            : YamlScalars.NeedsQuotes(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, true, true));
    }

    private static void Plain(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, true));
}
