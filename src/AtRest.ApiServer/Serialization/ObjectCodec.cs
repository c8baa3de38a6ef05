using System.Collections.Concurrent;
using AtRest.ApiServer.Resources;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Serialization;

/// <summary>
/// The codec calls the API server makes, with the kind checks it needs: kube's kinds go to AtRest.Kubernetes' byte-exact
/// codecs, a kind registered with its own <see cref="KindCodec"/> to that codec.
/// </summary>
internal static class ObjectCodec
{
    // By CLR type, so that code holding only an object (a response, a watch event, a Table row) finds its codec.
    private static readonly ConcurrentDictionary<Type, KindCodec> Registered = new();

    /// <summary>Makes <paramref name="codec"/> the codec of its object and list types.</summary>
    public static void Register(KindCodec codec)
    {
        Registered[codec.ObjectType] = codec;
        Registered[codec.ListType] = codec;
    }

    /// <summary>The storage form (and, for kube's kinds, the protobuf response form).</summary>
    public static byte[] ToProtobuf(KubernetesObject obj) =>
        Registered.TryGetValue(obj.GetType(), out var codec) ? codec.ToStorage(obj) : KubernetesObjectCodec.EncodeProtobuf(obj);

    /// <summary>The JSON response form.</summary>
    public static byte[] ToJson(KubernetesObject obj) =>
        Registered.TryGetValue(obj.GetType(), out var codec) ? codec.ToJson(obj) : KubernetesObjectCodec.EncodeJson(obj);

    /// <summary>The <c>kubectl -o yaml</c> form.</summary>
    public static string ToYaml(KubernetesObject obj)
    {
        if (!Registered.ContainsKey(obj.GetType()))
        {
            return KubernetesObjectCodec.EncodeYaml(obj);
        }

        using var document = System.Text.Json.JsonDocument.Parse(ToJson(obj));
        return KubernetesObjectCodec.JsonToYamlText(document.RootElement);
    }

    /// <summary>Whether the object has a Kubernetes protobuf form (kube's own kinds do; a registered codec's kinds do not).</summary>
    public static bool HasProtobuf(KubernetesObject obj) => !Registered.ContainsKey(obj.GetType());

    /// <summary>Decodes a stored value that must hold a <paramref name="kind"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a stored <paramref name="kind"/>.</exception>
    public static KubernetesResource ResourceFromStorage(ReadOnlySpan<byte> data, KindRegistration kind)
    {
        if (kind.Codec is { } codec)
        {
            return codec.FromStorage(data, kind);
        }

        var obj = KubernetesObjectCodec.DecodeProtobuf(data);
        return obj is KubernetesResource resource && obj.Kind == kind.Kind
            ? resource
            : throw new FormatException($"expected a stored {kind.Kind}, found {obj.Kind}");
    }

    /// <summary>Decodes a JSON request body as a <paramref name="kind"/>.</summary>
    /// <exception cref="KubernetesJsonException">Malformed JSON, a wrong type or kind, or strict findings.</exception>
    public static KubernetesResource ResourceFromJson(ReadOnlyMemory<byte> json, bool strict, KindRegistration kind) =>
        kind.Codec is { } codec
            ? codec.FromJson(json, strict, kind)
            : (KubernetesResource)KubernetesObjectCodec.DecodeJson(json, strict, kind.Kind);
}
