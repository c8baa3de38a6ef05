using AtRest.ApiServer.Events;
using AtRest.ApiServer.Resources.Schemas;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>
/// events.k8s.io/v1 <c>events</c>: the core events seen through the newer API, as kube-apiserver serves them: the same
/// keys (<c>/registry/events/…</c>), the same core/v1 protobuf at rest and the core encryption configuration, with
/// field names converted by <see cref="EventsV1Codec"/>. Discovery lists it with the core kind's table columns.
/// </summary>
internal static class EventsV1Kind
{
    private static readonly SchemaDefinition SeriesDefinition = new(
        "io.k8s.api.events.v1.EventSeries",
        Schema.Object(
            "EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time. How often to update the EventSeries is up to the event reporters. The default event reporter in \"k8s.io/client-go/tools/events/event_broadcaster.go\" shows how this struct is updated on heartbeats and can guide customized reporter implementations.",
            new("count", Schema.Integer("count is the number of occurrences in this series up to the last heartbeat time.", "int32")),
            new("lastObservedTime", Schema.Ref(EventKind.MicroTimeDefinition.Name, "lastObservedTime is the time when last Event from the series was seen before last heartbeat."))) with { Required = ["count", "lastObservedTime"] });

    private static readonly SchemaDefinition EventDefinition = new(
        "io.k8s.api.events.v1.Event",
        Schema.Object(
            "Event is a report of an event somewhere in the cluster. It generally denotes some state change in the system. Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.",
            new("action", Schema.String("action is what action was taken/failed regarding to the regarding object. It is machine-readable. This field cannot be empty for new Events and it can have at most 128 characters.")),
            SharedSchemas.ApiVersion,
            new("deprecatedCount", Schema.Integer("deprecatedCount is the deprecated field assuring backward compatibility with core.v1 Event type.", "int32")),
            new("deprecatedFirstTimestamp", Schema.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.Time", "deprecatedFirstTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.")),
            new("deprecatedLastTimestamp", Schema.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.Time", "deprecatedLastTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.")),
            new("deprecatedSource", Schema.Ref(EventKind.EventSourceDefinition.Name, "deprecatedSource is the deprecated field assuring backward compatibility with core.v1 Event type.")),
            new("eventTime", Schema.Ref(EventKind.MicroTimeDefinition.Name, "eventTime is the time when this Event was first observed. It is required.")),
            SharedSchemas.Kind,
            SharedSchemas.Metadata,
            new("note", Schema.String("note is a human-readable description of the status of this operation. Maximal length of the note is 1kB, but libraries should be prepared to handle values up to 64kB.")),
            new("reason", Schema.String("reason is why the action was taken. It is human-readable. This field cannot be empty for new Events and it can have at most 128 characters.")),
            new("regarding", Schema.Ref(EventKind.ObjectReferenceDefinition.Name, "regarding contains the object this Event is about. In most cases it's an Object reporting controller implements, e.g. ReplicaSetController implements ReplicaSets and this event is emitted because it acts on some changes in a ReplicaSet object.")),
            new("related", Schema.Ref(EventKind.ObjectReferenceDefinition.Name, "related is the optional secondary object for more complex actions. E.g. when regarding object triggers a creation or deletion of related object.")),
            new("reportingController", Schema.String("reportingController is the name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`. This field cannot be empty for new Events.")),
            new("reportingInstance", Schema.String("reportingInstance is the ID of the controller instance, e.g. `kubelet-xyzf`. This field cannot be empty for new Events and it can have at most 128 characters.")),
            new("series", Schema.Ref(SeriesDefinition.Name, "series is data about the Event series this event represents or nil if it's a singleton Event.")),
            new("type", Schema.String("type is the type of this event (Normal, Warning), new types could be added in the future. It is machine-readable. This field cannot be empty for new Events."))) with { Required = ["eventTime"] });

    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = "events.k8s.io",
        Version = "v1",
        Kind = "Event",
        Resource = "events",
        SingularName = "event",
        Namespaced = true,
        ShortNames = ["ev"],
        Verbs = KindVerbs.All,
        Columns = EventKind.Registration.Columns,
        ColumnsAreWholeRow = true,
        Schema = new(EventDefinition, [SeriesDefinition, EventKind.ObjectReferenceDefinition, EventKind.EventSourceDefinition, EventKind.MicroTimeDefinition])
        {
            ListDescription = "EventList is a list of Event objects.",
            ItemsDescription = "items is a list of schema objects.",
        },
        Strategy = () => new EventsV1Strategy(),
        Codec = EventsV1Codec.Instance,
        StorageGroup = "",
        ExpiresAfterEventTtl = true,
    };
}
