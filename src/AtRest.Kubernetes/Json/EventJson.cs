using System.Globalization;
using System.Text.Json;
using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Json;

/// <summary>
/// core/v1 <c>Event</c> in JSON, in the Go struct's field order and omission rules: <c>involvedObject</c> and
/// <c>source</c> are structs (always written), the three times are struct times (<c>null</c> when unset),
/// <c>reportingComponent</c>/<c>reportingInstance</c> have no <c>omitempty</c>, the rest is written only when set.
/// <c>eventTime</c> and <c>series.lastObservedTime</c> are MicroTimes: RFC 3339 with six fractional digits.
/// </summary>
internal static class EventJson
{
    public static void WriteFields(Utf8JsonWriter w, Event e)
    {
        WriteReference(w, "involvedObject", e.InvolvedObject);
        MetaJson.WriteOptional(w, "reason", e.Reason);
        MetaJson.WriteOptional(w, "message", e.Message);
        WriteSource(w, "source", e.Source);
        MetaJson.WriteTime(w, "firstTimestamp", e.FirstTimestamp);
        MetaJson.WriteTime(w, "lastTimestamp", e.LastTimestamp);
        if (e.Count != 0)
        {
            w.WriteNumber("count", e.Count);
        }

        MetaJson.WriteOptional(w, "type", e.Type);
        WriteMicroTime(w, "eventTime", e.EventTime);
        if (e.Series is { } series)
        {
            w.WriteStartObject("series");
            if (series.Count != 0)
            {
                w.WriteNumber("count", series.Count);
            }

            WriteMicroTime(w, "lastObservedTime", series.LastObservedTime);
            w.WriteEndObject();
        }

        MetaJson.WriteOptional(w, "action", e.Action);
        if (e.Related is { } related)
        {
            WriteReference(w, "related", related);
        }

        w.WriteString("reportingComponent", e.ReportingComponent);
        w.WriteString("reportingInstance", e.ReportingInstance);
    }

    public static Event Read(JsonReadContext c, JsonElement element, string path)
    {
        var e = new Event();
        foreach (var p in c.Properties(element, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "kind": e.Kind = c.String(p.Value, at); break;
                case "apiVersion": e.ApiVersion = c.String(p.Value, at); break;
                case "metadata": e.Metadata = MetaJson.ReadObjectMeta(c, p.Value, at); break;
                case "involvedObject": e.InvolvedObject = ReadReference(c, p.Value, at); break;
                case "reason": e.Reason = c.String(p.Value, at); break;
                case "message": e.Message = c.String(p.Value, at); break;
                case "source": e.Source = ReadSource(c, p.Value, at); break;
                case "firstTimestamp": e.FirstTimestamp = c.Time(p.Value, at); break;
                case "lastTimestamp": e.LastTimestamp = c.Time(p.Value, at); break;
                case "count": e.Count = c.Int32(p.Value, at); break;
                case "type": e.Type = c.String(p.Value, at); break;
                case "eventTime": e.EventTime = c.Time(p.Value, at); break;
                case "series": e.Series = p.Value.ValueKind == JsonValueKind.Null ? null : ReadSeries(c, p.Value, at); break;
                case "action": e.Action = c.String(p.Value, at); break;
                case "related": e.Related = p.Value.ValueKind == JsonValueKind.Null ? null : ReadReference(c, p.Value, at); break;
                case "reportingComponent": e.ReportingComponent = c.String(p.Value, at); break;
                case "reportingInstance": e.ReportingInstance = c.String(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return e;
    }

    /// <summary>A MicroTime: <c>2006-01-02T15:04:05.000000Z</c> (UTC, microseconds), or <c>null</c> when unset.</summary>
    public static void WriteMicroTime(Utf8JsonWriter w, string name, KubernetesTime? time)
    {
        if (time is not { } t)
        {
            w.WriteNull(name);
            return;
        }

        if (!t.IsRepresentable)
        {
            throw new KubernetesJsonException($"{name}: the time is outside years 1 to 9999 and has no RFC 3339 form");
        }

        w.WriteString(name, t.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }

    public static void WriteReference(Utf8JsonWriter w, string name, ObjectReference reference)
    {
        w.WriteStartObject(name);
        MetaJson.WriteOptional(w, "kind", reference.Kind);
        MetaJson.WriteOptional(w, "namespace", reference.Namespace);
        MetaJson.WriteOptional(w, "name", reference.Name);
        MetaJson.WriteOptional(w, "uid", reference.Uid);
        MetaJson.WriteOptional(w, "apiVersion", reference.ApiVersion);
        MetaJson.WriteOptional(w, "resourceVersion", reference.ResourceVersion);
        MetaJson.WriteOptional(w, "fieldPath", reference.FieldPath);
        w.WriteEndObject();
    }

    public static ObjectReference ReadReference(JsonReadContext c, JsonElement e, string path)
    {
        var reference = new ObjectReference();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            reference = p.Name switch
            {
                "kind" => reference with { Kind = c.String(p.Value, at) },
                "namespace" => reference with { Namespace = c.String(p.Value, at) },
                "name" => reference with { Name = c.String(p.Value, at) },
                "uid" => reference with { Uid = c.String(p.Value, at) },
                "apiVersion" => reference with { ApiVersion = c.String(p.Value, at) },
                "resourceVersion" => reference with { ResourceVersion = c.String(p.Value, at) },
                "fieldPath" => reference with { FieldPath = c.String(p.Value, at) },
                _ => Unknown(c, path, p.Name, reference),
            };
        }

        return reference;
    }

    public static void WriteSource(Utf8JsonWriter w, string name, EventSource source)
    {
        w.WriteStartObject(name);
        MetaJson.WriteOptional(w, "component", source.Component);
        MetaJson.WriteOptional(w, "host", source.Host);
        w.WriteEndObject();
    }

    public static EventSource ReadSource(JsonReadContext c, JsonElement e, string path)
    {
        var source = new EventSource();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            source = p.Name switch
            {
                "component" => source with { Component = c.String(p.Value, at) },
                "host" => source with { Host = c.String(p.Value, at) },
                _ => Unknown(c, path, p.Name, source),
            };
        }

        return source;
    }

    public static EventSeries ReadSeries(JsonReadContext c, JsonElement e, string path)
    {
        var series = new EventSeries();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            series = p.Name switch
            {
                "count" => series with { Count = c.Int32(p.Value, at) },
                "lastObservedTime" => series with { LastObservedTime = c.Time(p.Value, at) },
                _ => Unknown(c, path, p.Name, series),
            };
        }

        return series;
    }

    private static T Unknown<T>(JsonReadContext c, string path, string name, T unchanged)
    {
        c.Unknown(path, name);
        return unchanged;
    }
}
