using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Protobuf;

/// <summary>
/// core/v1 <c>Event</c> (field numbers from <c>k8s.io/api/core/v1/generated.proto</c>). Go's generated marshaller
/// writes every non-pointer field, even empty, and pointers only when set:
/// <code>
/// Event            1 metadata, 2 involvedObject (always), 3 reason, 4 message, 5 source (always),
///                  6 firstTimestamp, 7 lastTimestamp (Time structs: always, empty message when unset),
///                  8 count (varint, always), 9 type, 10 eventTime (MicroTime struct: always),
///                  11 series (pointer), 12 action, 13 related (pointer), 14 reportingComponent, 15 reportingInstance
/// ObjectReference  1 kind, 2 namespace, 3 name, 4 uid, 5 apiVersion, 6 resourceVersion, 7 fieldPath (always)
/// EventSource      1 component, 2 host (always)
/// EventSeries      1 count (always), 2 lastObservedTime (MicroTime struct: always)
/// </code>
/// A MicroTime has a Time's shape, <c>{1 seconds, 2 nanos}</c>; only its JSON form differs.
/// </summary>
internal static class EventProtobuf
{
    public static void Write(ProtoWriter w, Event e)
    {
        var meta = w.BeginMessage(1);
        MetaProtobuf.WriteObjectMeta(w, e.Metadata);
        w.EndMessage(meta);
        WriteReference(w, 2, e.InvolvedObject);
        w.WriteString(3, e.Reason);
        w.WriteString(4, e.Message);
        var source = w.BeginMessage(5);
        w.WriteString(1, e.Source.Component);
        w.WriteString(2, e.Source.Host);
        w.EndMessage(source);
        ProtoFields.WriteTime(w, 6, e.FirstTimestamp, always: true);
        ProtoFields.WriteTime(w, 7, e.LastTimestamp, always: true);
        w.WriteInt32(8, e.Count);
        w.WriteString(9, e.Type);
        ProtoFields.WriteTime(w, 10, e.EventTime, always: true);
        if (e.Series is { } series)
        {
            var mark = w.BeginMessage(11);
            w.WriteInt32(1, series.Count);
            ProtoFields.WriteTime(w, 2, series.LastObservedTime, always: true);
            w.EndMessage(mark);
        }

        w.WriteString(12, e.Action);
        if (e.Related is { } related)
        {
            WriteReference(w, 13, related);
        }

        w.WriteString(14, e.ReportingComponent);
        w.WriteString(15, e.ReportingInstance);
    }

    public static Event Read(ProtoReader r)
    {
        var e = new Event();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: e.Metadata = MetaProtobuf.ReadObjectMeta(r.ReadMessage("Event.metadata")); break;
                case 2: e.InvolvedObject = ReadReference(r.ReadMessage("Event.involvedObject")); break;
                case 3: e.Reason = r.ReadString("Event.reason"); break;
                case 4: e.Message = r.ReadString("Event.message"); break;
                case 5: e.Source = ReadSource(r.ReadMessage("Event.source")); break;
                case 6: e.FirstTimestamp = ProtoFields.ReadTime(ref r, "Event.firstTimestamp"); break;
                case 7: e.LastTimestamp = ProtoFields.ReadTime(ref r, "Event.lastTimestamp"); break;
                case 8: e.Count = r.ReadInt32("Event.count"); break;
                case 9: e.Type = r.ReadString("Event.type"); break;
                case 10: e.EventTime = ProtoFields.ReadTime(ref r, "Event.eventTime"); break;
                case 11: e.Series = ReadSeries(r.ReadMessage("Event.series")); break;
                case 12: e.Action = r.ReadString("Event.action"); break;
                case 13: e.Related = ReadReference(r.ReadMessage("Event.related")); break;
                case 14: e.ReportingComponent = r.ReadString("Event.reportingComponent"); break;
                case 15: e.ReportingInstance = r.ReadString("Event.reportingInstance"); break;
                default: r.Skip(); break;
            }
        }

        return e;
    }

    private static void WriteReference(ProtoWriter w, int field, ObjectReference reference)
    {
        var mark = w.BeginMessage(field);
        w.WriteString(1, reference.Kind);
        w.WriteString(2, reference.Namespace);
        w.WriteString(3, reference.Name);
        w.WriteString(4, reference.Uid);
        w.WriteString(5, reference.ApiVersion);
        w.WriteString(6, reference.ResourceVersion);
        w.WriteString(7, reference.FieldPath);
        w.EndMessage(mark);
    }

    private static ObjectReference ReadReference(ProtoReader r)
    {
        var reference = new ObjectReference();
        while (r.TryReadTag())
        {
            reference = r.Field switch
            {
                1 => reference with { Kind = r.ReadString("ObjectReference.kind") },
                2 => reference with { Namespace = r.ReadString("ObjectReference.namespace") },
                3 => reference with { Name = r.ReadString("ObjectReference.name") },
                4 => reference with { Uid = r.ReadString("ObjectReference.uid") },
                5 => reference with { ApiVersion = r.ReadString("ObjectReference.apiVersion") },
                6 => reference with { ResourceVersion = r.ReadString("ObjectReference.resourceVersion") },
                7 => reference with { FieldPath = r.ReadString("ObjectReference.fieldPath") },
                _ => Skipped(ref r, reference),
            };
        }

        return reference;
    }

    private static EventSource ReadSource(ProtoReader r)
    {
        var source = new EventSource();
        while (r.TryReadTag())
        {
            source = r.Field switch
            {
                1 => source with { Component = r.ReadString("EventSource.component") },
                2 => source with { Host = r.ReadString("EventSource.host") },
                _ => Skipped(ref r, source),
            };
        }

        return source;
    }

    private static EventSeries ReadSeries(ProtoReader r)
    {
        var series = new EventSeries();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: series = series with { Count = r.ReadInt32("EventSeries.count") }; break;
                case 2: series = series with { LastObservedTime = ProtoFields.ReadTime(ref r, "EventSeries.lastObservedTime") }; break;
                default: r.Skip(); break;
            }
        }

        return series;
    }

    private static T Skipped<T>(ref ProtoReader r, T unchanged)
    {
        r.Skip();
        return unchanged;
    }
}
