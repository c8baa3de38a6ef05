using System.Buffers;
using System.Text.Json;

namespace AtRest.Kubernetes.Protobuf;

/// <summary>
/// The self-subject reviews kubectl 1.32+ sends as protobuf, turned into their JSON form so the API server reads one
/// shape. Only the fields a review's spec carries are read (<c>k8s.io/api</c> generated.proto):
/// <code>
/// SelfSubjectAccessReview  1 metadata, 2 spec { 1 resourceAttributes, 2 nonResourceAttributes }, 3 status
///   ResourceAttributes     1 namespace, 2 verb, 3 group, 4 version, 5 resource, 6 subresource, 7 name
///   NonResourceAttributes  1 path, 2 verb
/// SelfSubjectRulesReview   1 metadata, 2 spec { 1 namespace }, 3 status
/// SelfSubjectReview        1 metadata, 2 status   (no spec)
/// </code>
/// Empty strings are left out of the JSON, as Go's <c>omitempty</c> does.
/// </summary>
public static class ReviewProtobuf
{
    private static readonly string[] ResourceAttributeNames = ["namespace", "verb", "group", "version", "resource", "subresource", "name"];
    private static readonly string[] NonResourceAttributeNames = ["path", "verb"];

    /// <summary>The JSON (<c>apiVersion</c>, <c>kind</c>, <c>spec</c>) of an enveloped review.</summary>
    /// <exception cref="KubernetesProtobufException">The bytes are not an enveloped self-subject review.</exception>
    public static byte[] ToJson(ReadOnlySpan<byte> data)
    {
        var reader = ProtobufEnvelope.Unwrap(data, out var apiVersion, out var kind);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", kind);
            json.WriteString("apiVersion", apiVersion);
            switch (kind)
            {
                case "SelfSubjectReview": break;
                case "SelfSubjectAccessReview": WriteSpec(json, ref reader, kind, WriteAccessSpec); break;
                case "SelfSubjectRulesReview": WriteSpec(json, ref reader, kind, WriteRulesSpec); break;
                default: throw new KubernetesProtobufException($"unsupported object type apiVersion \"{apiVersion}\" kind \"{kind}\"");
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private delegate void SpecWriter(Utf8JsonWriter json, ref ProtoReader spec);

    private static void WriteSpec(Utf8JsonWriter json, ref ProtoReader reader, string kind, SpecWriter write)
    {
        json.WriteStartObject("spec");
        while (reader.TryReadTag())
        {
            if (reader.Field == 2)
            {
                var spec = reader.ReadMessage(kind + ".spec");
                write(json, ref spec);
            }
            else
            {
                reader.Skip();
            }
        }

        json.WriteEndObject();
    }

    private static void WriteAccessSpec(Utf8JsonWriter json, ref ProtoReader spec)
    {
        while (spec.TryReadTag())
        {
            switch (spec.Field)
            {
                case 1:
                    var resource = spec.ReadMessage("SelfSubjectAccessReviewSpec.resourceAttributes");
                    WriteStrings(json, "resourceAttributes", ref resource, ResourceAttributeNames);
                    break;
                case 2:
                    var nonResource = spec.ReadMessage("SelfSubjectAccessReviewSpec.nonResourceAttributes");
                    WriteStrings(json, "nonResourceAttributes", ref nonResource, NonResourceAttributeNames);
                    break;
                default: spec.Skip(); break;
            }
        }
    }

    private static void WriteRulesSpec(Utf8JsonWriter json, ref ProtoReader spec) =>
        WriteStringFields(json, ref spec, ["namespace"]);

    private static void WriteStrings(Utf8JsonWriter json, string name, ref ProtoReader message, string[] names)
    {
        json.WriteStartObject(name);
        WriteStringFields(json, ref message, names);
        json.WriteEndObject();
    }

    // Fields 1..n are the strings of names, in order; anything else (e.g. the selectors of 1.31+) is skipped.
    private static void WriteStringFields(Utf8JsonWriter json, ref ProtoReader message, string[] names)
    {
        while (message.TryReadTag())
        {
            if (message.Field >= 1 && message.Field <= names.Length)
            {
                var value = message.ReadString(names[message.Field - 1]);
                if (value.Length > 0)
                {
                    json.WriteString(names[message.Field - 1], value);
                }
            }
            else
            {
                message.Skip();
            }
        }
    }
}
