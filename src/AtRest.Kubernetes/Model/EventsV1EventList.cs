namespace AtRest.Kubernetes.Model;

/// <summary>events.k8s.io/v1 <c>EventList</c>.</summary>
public sealed class EventsV1EventList : KubernetesList<EventsV1Event>
{
    /// <summary>Creates an empty events.k8s.io/v1 EventList.</summary>
    public EventsV1EventList()
        : base(EventsV1Event.GroupVersion, EventList.KindName)
    {
    }
}
