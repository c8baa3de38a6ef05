using System.Text;
using System.Text.Json;
using AtRest.Kubernetes.Json;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Protobuf;
using AtRest.Kubernetes.Yaml;

namespace AtRest.Kubernetes;

/// <summary>
/// Encodes and decodes the supported v1 kinds (Secret, ConfigMap, Namespace, their lists, and Status) in
/// Kubernetes protobuf (the storage form, byte-identical to kube-apiserver's), JSON and YAML.
/// Thread-safe; all members are static.
/// </summary>
public static class KubernetesObjectCodec
{
    /// <summary>The media type of Kubernetes protobuf.</summary>
    public const string ProtobufMediaType = "application/vnd.kubernetes.protobuf";

    /// <summary>True when <paramref name="data"/> starts with the protobuf prefix <c>k8s\0</c>.</summary>
    public static bool IsProtobuf(ReadOnlySpan<byte> data) => data.StartsWith(ProtobufEnvelope.Magic);

    /// <summary>
    /// Encodes as stored by kube-apiserver: <c>k8s\0</c> + runtime.Unknown{typeMeta, raw, "", ""}. The type written
    /// is the class's canonical one (<c>v1</c>, <c>Secret</c>, …) whatever <see cref="KubernetesObject.Kind"/> holds.
    /// </summary>
    /// <exception cref="KubernetesProtobufException">The object's class has no protobuf form.</exception>
    public static byte[] EncodeProtobuf(KubernetesObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return ProtobufEnvelope.Encode(obj);
    }

    /// <summary>Decodes Kubernetes protobuf (storage values and kubectl request bodies). Unknown fields are skipped.</summary>
    /// <exception cref="KubernetesProtobufException">Truncated or malformed input, or an unsupported kind.</exception>
    public static KubernetesObject DecodeProtobuf(ReadOnlySpan<byte> data) => ProtobufEnvelope.Decode(data);

    /// <summary>Decodes a Kubernetes protobuf <c>DeleteOptions</c> request body. Unknown fields are skipped.</summary>
    /// <exception cref="KubernetesProtobufException">Truncated or malformed input, or another kind.</exception>
    public static DeleteOptions DecodeDeleteOptionsProtobuf(ReadOnlySpan<byte> data) => ProtobufEnvelope.DecodeDeleteOptions(data);

    /// <summary>Encodes as JSON (UTF-8) with upstream names, order and omission rules; indented uses 4 spaces like kubectl.</summary>
    public static byte[] EncodeJson(KubernetesObject obj, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return JsonEnvelope.Encode(obj, indented);
    }

    /// <summary>Encodes as a JSON string.</summary>
    public static string EncodeJsonString(KubernetesObject obj, bool indented = false) =>
        Encoding.UTF8.GetString(EncodeJson(obj, indented));

    /// <summary>
    /// Decodes JSON. With <paramref name="strict"/> unknown and duplicate fields fail with
    /// <see cref="KubernetesJsonException.StrictErrors"/> set (<c>fieldValidation=Strict</c>); otherwise they are ignored.
    /// When <paramref name="expectedKind"/> is given (the API server knows it from the URL), a body without
    /// <c>kind</c>/<c>apiVersion</c> is read as that kind (v1), and a different kind is an error.
    /// </summary>
    /// <exception cref="KubernetesJsonException">Malformed JSON, a wrong value type (the path is named), an unsupported kind, or strict findings.</exception>
    public static KubernetesObject DecodeJson(ReadOnlyMemory<byte> json, bool strict = false, string? expectedKind = null) =>
        JsonEnvelope.Decode(json, strict, expectedKind);

    /// <summary>Decodes JSON text; see <see cref="DecodeJson(ReadOnlyMemory{byte}, bool, string?)"/>.</summary>
    public static KubernetesObject DecodeJson(string json, bool strict = false, string? expectedKind = null) =>
        JsonEnvelope.Decode(Encoding.UTF8.GetBytes(json), strict, expectedKind);

    /// <summary>Decodes JSON into a specific class, e.g. <c>DecodeJson&lt;Secret&gt;(body, strict: true)</c>.</summary>
    /// <exception cref="KubernetesJsonException">As the untyped overload, or the document is another kind.</exception>
    public static T DecodeJson<T>(ReadOnlyMemory<byte> json, bool strict = false)
        where T : KubernetesObject, new()
    {
        var expected = new T().Kind;
        return (T)JsonEnvelope.Decode(json, strict, expected);
    }

    /// <summary>Encodes as block YAML in <c>kubectl -o yaml</c> style (sorted keys, no document marker).</summary>
    public static string EncodeYaml(KubernetesObject obj)
    {
        using var document = JsonDocument.Parse(EncodeJson(obj));
        return JsonToYaml.Convert(document.RootElement);
    }

    /// <summary>Any JSON document as block YAML in the same <c>kubectl -o yaml</c> style.</summary>
    public static string JsonToYamlText(JsonElement root) => JsonToYaml.Convert(root);

    /// <summary>Decodes one YAML document (YAML 1.1 scalar typing, as kubectl); strict and expectedKind as for JSON.</summary>
    /// <exception cref="KubernetesJsonException">Malformed YAML, more than one document, or any JSON decoding error.</exception>
    public static KubernetesObject DecodeYaml(ReadOnlySpan<byte> yaml, bool strict = false, string? expectedKind = null) =>
        JsonEnvelope.Decode(YamlToJson.Convert(yaml), strict, expectedKind);

    /// <summary>Converts one YAML document to compact JSON bytes (e.g. for <c>application/apply-patch+yaml</c> bodies).</summary>
    /// <exception cref="KubernetesJsonException">Malformed YAML or more than one document.</exception>
    public static byte[] YamlToJsonBytes(ReadOnlySpan<byte> yaml) => YamlToJson.Convert(yaml);

    /// <summary>A deep copy (through protobuf, which carries every field losslessly), e.g. before mutating a cached object.</summary>
    public static T DeepCopy<T>(T obj)
        where T : KubernetesObject
    {
        var copy = (T)DecodeProtobuf(EncodeProtobuf(obj));
        copy.ApiVersion = obj.ApiVersion;
        copy.Kind = obj.Kind;
        if (obj is KubernetesList source && copy is KubernetesList target)
        {
            for (var i = 0; i < source.Resources.Count; i++)
            {
                target.Resources[i].ApiVersion = source.Resources[i].ApiVersion;
                target.Resources[i].Kind = source.Resources[i].Kind;
            }
        }

        return copy;
    }

    /// <summary>
    /// Decodes whatever form <paramref name="data"/> is in: protobuf when it starts with <c>k8s\0</c>, JSON when its
    /// first non-blank byte is <c>{</c>, YAML otherwise.
    /// </summary>
    /// <exception cref="KubernetesProtobufException">Bad protobuf.</exception>
    /// <exception cref="KubernetesJsonException">Bad JSON or YAML.</exception>
    public static KubernetesObject DetectAndDecode(ReadOnlyMemory<byte> data, bool strict = false)
    {
        var span = data.Span;
        if (IsProtobuf(span))
        {
            return DecodeProtobuf(span);
        }

        var text = span.TrimStart(" \t\r\n"u8);
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..].TrimStart(" \t\r\n"u8);
        }

        return text.Length > 0 && text[0] == (byte)'{'
            ? DecodeJson(data[(span.Length - text.Length)..], strict)
            : DecodeYaml(span, strict);
    }
}
