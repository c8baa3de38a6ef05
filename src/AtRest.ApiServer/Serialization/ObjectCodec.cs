using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Serialization;

/// <summary>The codec calls the API server makes, with the kind checks it needs.</summary>
internal static class ObjectCodec
{
    /// <summary>The storage (and protobuf response) form.</summary>
    public static byte[] ToProtobuf(KubernetesObject obj) => KubernetesObjectCodec.EncodeProtobuf(obj);

    /// <summary>The JSON response form.</summary>
    public static byte[] ToJson(KubernetesObject obj) => KubernetesObjectCodec.EncodeJson(obj);

    /// <summary>Decodes a stored value that must hold a <paramref name="kind"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a protobuf <paramref name="kind"/>.</exception>
    public static KubernetesResource ResourceFromProtobuf(ReadOnlySpan<byte> data, string kind)
    {
        var obj = KubernetesObjectCodec.DecodeProtobuf(data);
        return obj is KubernetesResource resource && obj.Kind == kind
            ? resource
            : throw new FormatException($"expected a stored {kind}, found {obj.Kind}");
    }
}
