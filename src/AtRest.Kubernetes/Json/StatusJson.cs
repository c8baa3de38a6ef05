using System.Text.Json;
using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Json;

/// <summary><c>metav1.Status</c> in JSON, e.g. <c>{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",…,"code":404}</c>.</summary>
internal static class StatusJson
{
    public static void Write(Utf8JsonWriter w, Status s)
    {
        w.WriteStartObject();
        CoreJson.WriteTypeMeta(w, s);
        w.WritePropertyName("metadata");
        MetaJson.WriteListMeta(w, s.Metadata);
        MetaJson.WriteOptional(w, "status", s.State);
        MetaJson.WriteOptional(w, "message", s.Message);
        MetaJson.WriteOptional(w, "reason", s.Reason);
        if (s.Details is { } d)
        {
            w.WriteStartObject("details");
            MetaJson.WriteOptional(w, "name", d.Name);
            MetaJson.WriteOptional(w, "group", d.Group);
            MetaJson.WriteOptional(w, "kind", d.Kind);
            MetaJson.WriteOptional(w, "uid", d.Uid);
            if (d.Causes.Count > 0)
            {
                w.WriteStartArray("causes");
                foreach (var cause in d.Causes)
                {
                    w.WriteStartObject();
                    MetaJson.WriteOptional(w, "reason", cause.Reason);
                    MetaJson.WriteOptional(w, "message", cause.Message);
                    MetaJson.WriteOptional(w, "field", cause.Field);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (d.RetryAfterSeconds != 0)
            {
                w.WriteNumber("retryAfterSeconds", d.RetryAfterSeconds);
            }

            w.WriteEndObject();
        }

        if (s.Code != 0)
        {
            w.WriteNumber("code", s.Code);
        }

        w.WriteEndObject();
    }

    public static Status Read(JsonReadContext c, JsonElement e)
    {
        var s = new Status();
        foreach (var p in c.Properties(e, ""))
        {
            switch (p.Name)
            {
                case "kind": s.Kind = c.String(p.Value, p.Name); break;
                case "apiVersion": s.ApiVersion = c.String(p.Value, p.Name); break;
                case "metadata": s.Metadata = MetaJson.ReadListMeta(c, p.Value, p.Name); break;
                case "status": s.State = c.String(p.Value, p.Name); break;
                case "message": s.Message = c.String(p.Value, p.Name); break;
                case "reason": s.Reason = c.String(p.Value, p.Name); break;
                case "details": s.Details = p.Value.ValueKind == JsonValueKind.Null ? null : ReadDetails(c, p.Value, p.Name); break;
                case "code": s.Code = c.Int32(p.Value, p.Name); break;
                default: c.Unknown("", p.Name); break;
            }
        }

        return s;
    }

    private static StatusDetails ReadDetails(JsonReadContext c, JsonElement e, string path)
    {
        var d = new StatusDetails();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "name": d.Name = c.String(p.Value, at); break;
                case "group": d.Group = c.String(p.Value, at); break;
                case "kind": d.Kind = c.String(p.Value, at); break;
                case "uid": d.Uid = c.String(p.Value, at); break;
                case "causes": d.Causes = c.List(p.Value, at, (i, ip) => ReadCause(c, i, ip)); break;
                case "retryAfterSeconds": d.RetryAfterSeconds = c.Int32(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return d;
    }

    private static StatusCause ReadCause(JsonReadContext c, JsonElement e, string path)
    {
        var cause = new StatusCause();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "reason": cause.Reason = c.String(p.Value, at); break;
                case "message": cause.Message = c.String(p.Value, at); break;
                case "field": cause.Field = c.String(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return cause;
    }
}
