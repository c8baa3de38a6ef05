using System.Text.Json;
using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Json;

/// <summary>
/// events.k8s.io/v1 <c>Event</c> in JSON: the stored core/v1 fields under the events.k8s.io names, in that Go struct's
/// order. <c>eventTime</c>, <c>regarding</c> and <c>deprecatedSource</c> are always written (the first <c>null</c>
/// when unset), as are a series' <c>count</c> and <c>lastObservedTime</c>; the rest only when set.
/// </summary>
internal static class EventsV1Json
{
    public static void WriteFields(Utf8JsonWriter w, EventsV1Event view)
    {
        var e = view.Core;
        EventJson.WriteMicroTime(w, "eventTime", e.EventTime);
        if (e.Series is { } series)
        {
            w.WriteStartObject("series");
            w.WriteNumber("count", series.Count);
            EventJson.WriteMicroTime(w, "lastObservedTime", series.LastObservedTime);
            w.WriteEndObject();
        }

        MetaJson.WriteOptional(w, "reportingController", e.ReportingComponent);
        MetaJson.WriteOptional(w, "reportingInstance", e.ReportingInstance);
        MetaJson.WriteOptional(w, "action", e.Action);
        MetaJson.WriteOptional(w, "reason", e.Reason);
        EventJson.WriteReference(w, "regarding", e.InvolvedObject);
        if (e.Related is { } related)
        {
            EventJson.WriteReference(w, "related", related);
        }

        MetaJson.WriteOptional(w, "note", e.Message);
        MetaJson.WriteOptional(w, "type", e.Type);
        EventJson.WriteSource(w, "deprecatedSource", e.Source);
        MetaJson.WriteTime(w, "deprecatedFirstTimestamp", e.FirstTimestamp);
        MetaJson.WriteTime(w, "deprecatedLastTimestamp", e.LastTimestamp);
        if (e.Count != 0)
        {
            w.WriteNumber("deprecatedCount", e.Count);
        }
    }

    /// <summary>Reads an events.k8s.io/v1 <c>Event</c> or <c>EventList</c>.</summary>
    public static KubernetesObject Read(JsonReadContext c, JsonElement root, string kind) => kind switch
    {
        Event.KindName => ReadEvent(c, root, ""),
        EventList.KindName => CoreJson.ReadList<EventsV1EventList, EventsV1Event>(c, root, ReadEvent),
        _ => throw new KubernetesJsonException($"unsupported object type apiVersion \"{EventsV1Event.GroupVersion}\" kind \"{kind}\""),
    };

    public static EventsV1Event ReadEvent(JsonReadContext c, JsonElement element, string path)
    {
        var e = new Event();
        var view = new EventsV1Event(e);
        foreach (var p in c.Properties(element, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "kind": view.Kind = c.String(p.Value, at); break;
                case "apiVersion": view.ApiVersion = c.String(p.Value, at); break;
                case "metadata": view.Metadata = MetaJson.ReadObjectMeta(c, p.Value, at); break;
                case "eventTime": e.EventTime = c.Time(p.Value, at); break;
                case "series": e.Series = p.Value.ValueKind == JsonValueKind.Null ? null : EventJson.ReadSeries(c, p.Value, at); break;
                case "reportingController": e.ReportingComponent = c.String(p.Value, at); break;
                case "reportingInstance": e.ReportingInstance = c.String(p.Value, at); break;
                case "action": e.Action = c.String(p.Value, at); break;
                case "reason": e.Reason = c.String(p.Value, at); break;
                case "regarding": e.InvolvedObject = EventJson.ReadReference(c, p.Value, at); break;
                case "related": e.Related = p.Value.ValueKind == JsonValueKind.Null ? null : EventJson.ReadReference(c, p.Value, at); break;
                case "note": e.Message = c.String(p.Value, at); break;
                case "type": e.Type = c.String(p.Value, at); break;
                case "deprecatedSource": e.Source = EventJson.ReadSource(c, p.Value, at); break;
                case "deprecatedFirstTimestamp": e.FirstTimestamp = c.Time(p.Value, at); break;
                case "deprecatedLastTimestamp": e.LastTimestamp = c.Time(p.Value, at); break;
                case "deprecatedCount": e.Count = c.Int32(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        view.ToCore();
        return view;
    }
}
