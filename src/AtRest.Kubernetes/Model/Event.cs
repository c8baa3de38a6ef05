namespace AtRest.Kubernetes.Model;

/// <summary>
/// core/v1 <c>Event</c>, the form kube-apiserver stores under <c>/registry/events/&lt;ns&gt;/&lt;name&gt;</c> for both
/// core/v1 and events.k8s.io/v1 (the latter renames fields; see <see cref="EventsV1Event"/>).
/// </summary>
public sealed class Event : KubernetesResource
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "Event";

    /// <summary>Creates an empty v1 Event.</summary>
    public Event()
        : base("v1", KindName)
    {
    }

    /// <summary><c>involvedObject</c>: the object the event is about (a struct: always written).</summary>
    public ObjectReference InvolvedObject { get; set; } = new();

    /// <summary><c>reason</c>: a short, machine-understandable UpperCamelCase cause.</summary>
    public string Reason { get; set; } = "";

    /// <summary><c>message</c>: the human-readable description.</summary>
    public string Message { get; set; } = "";

    /// <summary><c>source</c> (a struct: always written, <c>{}</c> when empty).</summary>
    public EventSource Source { get; set; } = new();

    /// <summary><c>firstTimestamp</c>; null when unset.</summary>
    public KubernetesTime? FirstTimestamp { get; set; }

    /// <summary><c>lastTimestamp</c>; null when unset.</summary>
    public KubernetesTime? LastTimestamp { get; set; }

    /// <summary><c>count</c>: how many times the event occurred.</summary>
    public int Count { get; set; }

    /// <summary><c>type</c>: <c>Normal</c> or <c>Warning</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary><c>eventTime</c>, a MicroTime (JSON shows microseconds); null when unset.</summary>
    public KubernetesTime? EventTime { get; set; }

    /// <summary><c>series</c>; null when the event is not a series.</summary>
    public EventSeries? Series { get; set; }

    /// <summary><c>action</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary><c>related</c>: a secondary object; null when none.</summary>
    public ObjectReference? Related { get; set; }

    /// <summary><c>reportingComponent</c> (events.k8s.io's <c>reportingController</c>; always written in JSON).</summary>
    public string ReportingComponent { get; set; } = "";

    /// <summary><c>reportingInstance</c> (always written in JSON).</summary>
    public string ReportingInstance { get; set; } = "";
}
