using System.Text.Json.Nodes;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Serialization;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Events;

/// <summary>
/// events.k8s.io/v1 events in and out: stored as kube-apiserver stores them, core/v1 Event protobuf (so the other API,
/// etcdctl and kube-apiserver read them), served as events.k8s.io/v1 JSON with the renamed fields.
/// </summary>
internal sealed class EventsV1Codec : KindCodec
{
    /// <summary>The one instance (it keeps no state).</summary>
    public static readonly EventsV1Codec Instance = new();

    private EventsV1Codec()
    {
    }

    /// <inheritdoc />
    public override Type ObjectType => typeof(EventsV1Event);

    /// <inheritdoc />
    public override Type ListType => typeof(EventsV1EventList);

    /// <inheritdoc />
    public override byte[] ToStorage(KubernetesObject obj) => obj is EventsV1Event view
        ? KubernetesObjectCodec.EncodeProtobuf(view.ToCore())
        : throw new ArgumentException($"{obj.GetType().Name} is not an events.k8s.io/v1 Event", nameof(obj));

    /// <inheritdoc />
    public override KubernetesResource FromStorage(ReadOnlySpan<byte> data, KindRegistration kind) =>
        KubernetesObjectCodec.DecodeProtobuf(data) is Event core
            ? new EventsV1Event(core)
            : throw new FormatException("expected a stored v1 Event");

    /// <inheritdoc />
    public override byte[] ToJson(KubernetesObject obj) => KubernetesObjectCodec.EncodeJson(obj);

    /// <inheritdoc />
    public override KubernetesResource FromJson(ReadOnlyMemory<byte> json, bool strict, KindRegistration kind)
    {
        // A body without apiVersion is read as this group version (the URL names it), not as core v1.
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json.Span) as JsonObject ?? throw new KubernetesJsonException("expected a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new KubernetesJsonException($"invalid JSON: {e.Message}", e);
        }

        if (root["apiVersion"] is null)
        {
            root["apiVersion"] = EventsV1Event.GroupVersion;
            json = System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
        }

        return KubernetesObjectCodec.DecodeJson(json, strict, kind.Kind) switch
        {
            EventsV1Event view => view,
            var other => throw new KubernetesJsonException(
                $"the kind \"{other.ApiVersion}, Kind={other.Kind}\" does not match the expected \"{kind.GroupVersion}, Kind={kind.Kind}\""),
        };
    }
}
