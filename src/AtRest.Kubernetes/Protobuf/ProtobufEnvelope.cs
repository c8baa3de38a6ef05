using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Protobuf;

/// <summary>
/// The storage/wire envelope of Kubernetes protobuf (apimachinery <c>runtime/serializer/protobuf</c>):
/// <code>
/// 6b 38 73 00                 "k8s\0" (4th byte: 0 = runtime.Unknown follows)
/// 0a len { 0a len apiVersion, 12 len kind }   Unknown.typeMeta
/// 12 len &lt;object message&gt;              Unknown.raw
/// 1a 00                       Unknown.contentEncoding "" (always written)
/// 22 00                       Unknown.contentType "" (always written)
/// </code>
/// </summary>
internal static class ProtobufEnvelope
{
    public static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public static byte[] Encode(KubernetesObject obj)
    {
        var w = new ProtoWriter(512);
        w.WriteRaw(Magic);
        // The type comes from the class, not the (settable) properties, so stored bytes always name a readable type.
        var (apiVersion, kind) = KnownTypes.Of(obj);
        var typeMeta = w.BeginMessage(1);
        w.WriteString(1, apiVersion);
        w.WriteString(2, kind);
        w.EndMessage(typeMeta);
        var raw = w.BeginMessage(2);
        switch (obj)
        {
            case KubernetesResource resource: CoreProtobuf.WriteResource(w, resource); break;
            case KubernetesList list: CoreProtobuf.WriteList(w, list); break;
            case Status status: StatusProtobuf.Write(w, status); break;
            default: throw new KubernetesProtobufException($"no protobuf encoding for {obj.GetType().Name}");
        }

        w.EndMessage(raw);
        w.WriteString(3, "");
        w.WriteString(4, "");
        return w.ToArray();
    }

    public static KubernetesObject Decode(ReadOnlySpan<byte> data)
    {
        var objectReader = Unwrap(data, out var apiVersion, out var kind);
        KubernetesObject result = (apiVersion, kind) switch
        {
            ("v1", Secret.KindName) => CoreProtobuf.ReadSecret(objectReader),
            ("v1", ConfigMap.KindName) => CoreProtobuf.ReadConfigMap(objectReader),
            ("v1", Namespace.KindName) => CoreProtobuf.ReadNamespace(objectReader),
            ("v1", SecretList.KindName) => CoreProtobuf.ReadList<SecretList, Secret>(objectReader, CoreProtobuf.ReadSecret),
            ("v1", ConfigMapList.KindName) => CoreProtobuf.ReadList<ConfigMapList, ConfigMap>(objectReader, CoreProtobuf.ReadConfigMap),
            ("v1", NamespaceList.KindName) => CoreProtobuf.ReadList<NamespaceList, Namespace>(objectReader, CoreProtobuf.ReadNamespace),
            ("v1", Event.KindName) => EventProtobuf.Read(objectReader),
            ("v1", EventList.KindName) => CoreProtobuf.ReadList<EventList, Event>(objectReader, EventProtobuf.Read),
            ("v1" or "meta.k8s.io/v1", Status.KindName) => StatusProtobuf.Read(objectReader),
            (Model.Rbac.RbacGroup.ApiVersion, _) => RbacProtobuf.Read(objectReader, kind),
            _ => throw new KubernetesProtobufException($"unsupported object type apiVersion \"{apiVersion}\" kind \"{kind}\""),
        };
        result.ApiVersion = apiVersion;
        result.Kind = kind;
        return result;
    }

    /// <summary>Decodes an enveloped <c>DeleteOptions</c> (apiVersion <c>v1</c> or <c>meta.k8s.io/v1</c>).</summary>
    public static DeleteOptions DecodeDeleteOptions(ReadOnlySpan<byte> data)
    {
        var objectReader = Unwrap(data, out var apiVersion, out var kind);
        return (apiVersion, kind) is ("v1" or "meta.k8s.io/v1", DeleteOptionsProtobuf.KindName)
            ? DeleteOptionsProtobuf.Read(objectReader)
            : throw new KubernetesProtobufException($"expected DeleteOptions, got apiVersion \"{apiVersion}\" kind \"{kind}\"");
    }

    internal static ProtoReader Unwrap(ReadOnlySpan<byte> data, out string apiVersion, out string kind)
    {
        if (!data.StartsWith(Magic))
        {
            throw new KubernetesProtobufException(
                data.Length < Magic.Length
                    ? $"input of {data.Length} bytes is too short for the Kubernetes protobuf prefix \"k8s\\0\""
                    : "input does not start with the Kubernetes protobuf prefix \"k8s\\0\" (6b 38 73 00)");
        }

        var reader = new ProtoReader(data[Magic.Length..], Magic.Length, "runtime.Unknown");
        apiVersion = "";
        kind = "";
        var contentEncoding = "";
        var rawOffset = -1;
        ReadOnlySpan<byte> raw = default;
        while (reader.TryReadTag())
        {
            switch (reader.Field)
            {
                case 1:
                    var typeMeta = reader.ReadMessage("runtime.Unknown.typeMeta");
                    while (typeMeta.TryReadTag())
                    {
                        switch (typeMeta.Field)
                        {
                            case 1: apiVersion = typeMeta.ReadString("typeMeta.apiVersion"); break;
                            case 2: kind = typeMeta.ReadString("typeMeta.kind"); break;
                            default: typeMeta.Skip(); break;
                        }
                    }

                    break;
                case 2:
                    raw = reader.ReadLengthDelimited("runtime.Unknown.raw", out rawOffset);
                    break;
                case 3: contentEncoding = reader.ReadString("runtime.Unknown.contentEncoding"); break;
                case 4: reader.ReadString("runtime.Unknown.contentType"); break;
                default: reader.Skip(); break;
            }
        }

        if (contentEncoding.Length != 0)
        {
            throw new KubernetesProtobufException($"unsupported runtime.Unknown contentEncoding \"{contentEncoding}\"");
        }

        if (rawOffset < 0)
        {
            throw new KubernetesProtobufException("runtime.Unknown has no raw object (field 2)");
        }

        if (kind.Length == 0)
        {
            throw new KubernetesProtobufException("runtime.Unknown has no typeMeta.kind");
        }

        return new ProtoReader(raw, rawOffset, kind);
    }
}
