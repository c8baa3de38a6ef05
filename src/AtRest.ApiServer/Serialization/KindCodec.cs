using AtRest.ApiServer.Resources;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Serialization;

/// <summary>
/// The codec of a stored kind whose model AtRest.Kubernetes does not encode (kube's own kinds keep its byte-exact
/// protobuf codecs). The stored form is whatever the kind's codec writes; kube-apiserver stores custom resources as JSON.
/// </summary>
internal abstract class KindCodec
{
    /// <summary>The CLR type of an object of the kind (one codec may serve several kinds of one type).</summary>
    public abstract Type ObjectType { get; }

    /// <summary>The CLR type of its list.</summary>
    public abstract Type ListType { get; }

    /// <summary>The stored form of an object.</summary>
    public abstract byte[] ToStorage(KubernetesObject obj);

    /// <summary>Reads a stored value of <paramref name="kind"/>.</summary>
    /// <exception cref="FormatException">The bytes are not an object of the kind.</exception>
    public abstract KubernetesResource FromStorage(ReadOnlySpan<byte> data, KindRegistration kind);

    /// <summary>The JSON response form of an object or list.</summary>
    public abstract byte[] ToJson(KubernetesObject obj);

    /// <summary>Reads a request body of <paramref name="kind"/>; <paramref name="strict"/> refuses unknown fields.</summary>
    /// <exception cref="AtRest.Kubernetes.KubernetesJsonException">Malformed JSON, a wrong type or kind, or strict findings.</exception>
    public abstract KubernetesResource FromJson(ReadOnlyMemory<byte> json, bool strict, KindRegistration kind);
}
