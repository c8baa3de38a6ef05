using AtRest.ApiServer.Resources.Schemas;
using AtRest.ApiServer.Tables;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>
/// core/v1 <c>events</c> (short name <c>ev</c>): stored at <c>/registry/events/&lt;ns&gt;/&lt;name&gt;</c>, each write
/// expiring after <c>--event-ttl</c>. kube's events table has no NAME first nor AGE last: its own columns are the row.
/// </summary>
internal static class EventKind
{
    private const string Time = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime</c>.</summary>
    public static readonly SchemaDefinition MicroTimeDefinition = new(
        "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
        Schema.String("MicroTime is version of Time with microsecond level precision.", "date-time"));

    /// <summary><c>io.k8s.api.core.v1.ObjectReference</c>.</summary>
    public static readonly SchemaDefinition ObjectReferenceDefinition = new(
        "io.k8s.api.core.v1.ObjectReference",
        Schema.Object(
            "ObjectReference contains enough information to let you inspect or modify the referred object.",
            new("apiVersion", Schema.String("API version of the referent.")),
            new("fieldPath", Schema.String("If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.")),
            new("kind", Schema.String("Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds")),
            new("name", Schema.String("Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names")),
            new("namespace", Schema.String("Namespace of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/")),
            new("resourceVersion", Schema.String("Specific resourceVersion to which this reference is made, if any. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency")),
            new("uid", Schema.String("UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids"))));

    /// <summary><c>io.k8s.api.core.v1.EventSource</c>.</summary>
    public static readonly SchemaDefinition EventSourceDefinition = new(
        "io.k8s.api.core.v1.EventSource",
        Schema.Object(
            "EventSource contains information for an event.",
            new("component", Schema.String("Component from which the event is generated.")),
            new("host", Schema.String("Node name on which the event is generated."))));

    private static readonly SchemaDefinition EventSeriesDefinition = new(
        "io.k8s.api.core.v1.EventSeries",
        Schema.Object(
            "EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.",
            new("count", Schema.Integer("Number of occurrences in this series up to the last heartbeat time", "int32")),
            new("lastObservedTime", Schema.Ref(MicroTimeDefinition.Name, "Time of the last occurrence observed"))));

    private static readonly SchemaDefinition EventDefinition = new(
        "io.k8s.api.core.v1.Event",
        Schema.Object(
            "Event is a report of an event somewhere in the cluster.  Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.",
            new("action", Schema.String("What action was taken/failed regarding to the Regarding object.")),
            SharedSchemas.ApiVersion,
            new("count", Schema.Integer("The number of times this event has occurred.", "int32")),
            new("eventTime", Schema.Ref(MicroTimeDefinition.Name, "Time when this Event was first observed.")),
            new("firstTimestamp", Schema.Ref(Time, "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)")),
            new("involvedObject", Schema.Ref(ObjectReferenceDefinition.Name, "The object that this event is about.")),
            SharedSchemas.Kind,
            new("lastTimestamp", Schema.Ref(Time, "The time at which the most recent occurrence of this event was recorded.")),
            new("message", Schema.String("A human-readable description of the status of this operation.")),
            SharedSchemas.Metadata,
            new("reason", Schema.String("This should be a short, machine understandable string that gives the reason for the transition into the object's current status.")),
            new("related", Schema.Ref(ObjectReferenceDefinition.Name, "Optional secondary object for more complex actions.")),
            new("reportingComponent", Schema.String("Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.")),
            new("reportingInstance", Schema.String("ID of the controller instance, e.g. `kubelet-xyzf`.")),
            new("series", Schema.Ref(EventSeriesDefinition.Name, "Data about the Event series this event represents or nil if it's a singleton Event.")),
            new("source", Schema.Ref(EventSourceDefinition.Name, "The component reporting this event. Should be a short machine understandable string.")),
            new("type", Schema.String("Type of this event (Normal, Warning), new types could be added in the future"))) with { Required = ["metadata", "involvedObject"] });

    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Event",
        Resource = "events",
        SingularName = "event",
        Namespaced = true,
        ShortNames = ["ev"],
        Verbs = KindVerbs.All,
        // kube's printer columns for events (pkg/printers/internalversion), shown wide by the server's Table.
        Columns =
        [
            new("Last Seen", "string", "", "The time at which the most recent occurrence of this event was recorded."),
            new("Type", "string", "", "Type of this event (Normal, Warning), new types could be added in the future"),
            new("Reason", "string", "", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
            new("Object", "string", "", "The object that this event is about."),
            new("Subobject", "string", "", "") { Priority = 1 },
            new("Source", "string", "", "The component reporting this event. Should be a short machine understandable string.") { Priority = 1 },
            new("Message", "string", "", "A human-readable description of the status of this operation."),
            new("First Seen", "string", "", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)") { Priority = 1 },
            new("Count", "string", "", "The number of times this event has occurred.") { Priority = 1 },
            TableColumn.NameColumn with { Priority = 1 },
        ],
        ColumnsAreWholeRow = true,
        Schema = new(EventDefinition, [ObjectReferenceDefinition, EventSourceDefinition, EventSeriesDefinition, MicroTimeDefinition])
        {
            ListDescription = "EventList is a list of events.",
            ItemsDescription = "List of events",
        },
        Strategy = () => new EventStrategy(),
        ExpiresAfterEventTtl = true,
    };
}
