namespace AtRest.Kubernetes.Model;

/// <summary>core/v1 <c>EventList</c>.</summary>
public sealed class EventList : KubernetesList<Event>
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "EventList";

    /// <summary>Creates an empty v1 EventList.</summary>
    public EventList()
        : base("v1", KindName)
    {
    }
}
