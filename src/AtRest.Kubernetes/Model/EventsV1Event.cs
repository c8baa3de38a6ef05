namespace AtRest.Kubernetes.Model;

/// <summary>
/// events.k8s.io/v1 <c>Event</c>: a view of the stored core/v1 <see cref="Event"/> with kube's renamed fields
/// (<c>regarding</c> = involvedObject, <c>note</c> = message, <c>reportingController</c> = reportingComponent,
/// <c>deprecatedSource</c>/<c>deprecatedFirstTimestamp</c>/<c>deprecatedLastTimestamp</c>/<c>deprecatedCount</c>).
/// The core object is held as is, so a conversion both ways loses nothing.
/// </summary>
public sealed class EventsV1Event : KubernetesResource
{
    /// <summary>The API group.</summary>
    public const string Group = "events.k8s.io";

    /// <summary>The <c>apiVersion</c>.</summary>
    public const string GroupVersion = "events.k8s.io/v1";

    /// <summary>Creates an empty events.k8s.io/v1 Event.</summary>
    public EventsV1Event()
        : this(new Event())
    {
    }

    /// <summary>Views <paramref name="core"/> (sharing its metadata) as events.k8s.io/v1.</summary>
    public EventsV1Event(Event core)
        : base(GroupVersion, Event.KindName)
    {
        ArgumentNullException.ThrowIfNull(core);
        Core = core;
        Metadata = core.Metadata;
    }

    /// <summary>The core/v1 object this view reads and writes.</summary>
    public Event Core { get; }

    /// <summary>The core/v1 object with this view's metadata, as stored.</summary>
    public Event ToCore()
    {
        Core.Metadata = Metadata;
        return Core;
    }
}
