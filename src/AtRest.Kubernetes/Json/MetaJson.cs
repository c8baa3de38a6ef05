using System.Text.Json;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Protobuf;

namespace AtRest.Kubernetes.Json;

/// <summary>
/// apimachinery meta/v1 types in JSON: upstream field names and order; <c>omitempty</c> as upstream (struct-typed
/// times are written as <c>null</c> when unset, pointer-typed ones are left out); map keys sorted as Go does.
/// </summary>
internal static class MetaJson
{
    public static void WriteObjectMeta(Utf8JsonWriter w, ObjectMeta m)
    {
        w.WriteStartObject();
        WriteOptional(w, "name", m.Name);
        WriteOptional(w, "generateName", m.GenerateName);
        WriteOptional(w, "namespace", m.Namespace);
        WriteOptional(w, "selfLink", m.SelfLink);
        WriteOptional(w, "uid", m.Uid);
        WriteOptional(w, "resourceVersion", m.ResourceVersion);
        if (m.Generation != 0)
        {
            w.WriteNumber("generation", m.Generation);
        }

        WriteTime(w, "creationTimestamp", m.CreationTimestamp);
        if (m.DeletionTimestamp is not null)
        {
            WriteTime(w, "deletionTimestamp", m.DeletionTimestamp);
        }

        if (m.DeletionGracePeriodSeconds is { } grace)
        {
            w.WriteNumber("deletionGracePeriodSeconds", grace);
        }

        WriteStringMap(w, "labels", m.Labels);
        WriteStringMap(w, "annotations", m.Annotations);
        if (m.OwnerReferences.Count > 0)
        {
            w.WriteStartArray("ownerReferences");
            foreach (var o in m.OwnerReferences)
            {
                w.WriteStartObject();
                w.WriteString("apiVersion", o.ApiVersion);
                w.WriteString("kind", o.Kind);
                w.WriteString("name", o.Name);
                w.WriteString("uid", o.Uid);
                if (o.Controller is { } controller)
                {
                    w.WriteBoolean("controller", controller);
                }

                if (o.BlockOwnerDeletion is { } block)
                {
                    w.WriteBoolean("blockOwnerDeletion", block);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        WriteStringList(w, "finalizers", m.Finalizers);
        if (m.ManagedFields.Count > 0)
        {
            w.WriteStartArray("managedFields");
            foreach (var e in m.ManagedFields)
            {
                w.WriteStartObject();
                WriteOptional(w, "manager", e.Manager);
                WriteOptional(w, "operation", e.Operation);
                WriteOptional(w, "apiVersion", e.ApiVersion);
                if (e.Time is not null)
                {
                    WriteTime(w, "time", e.Time);
                }

                WriteOptional(w, "fieldsType", e.FieldsType);
                if (e.FieldsV1 is { } raw)
                {
                    w.WritePropertyName("fieldsV1");
                    if (raw.Length == 0)
                    {
                        w.WriteNullValue();
                    }
                    else
                    {
                        WriteFieldsV1(w, raw);
                    }
                }

                WriteOptional(w, "subresource", e.Subresource);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteFieldsV1(Utf8JsonWriter w, byte[] raw)
    {
        try
        {
            w.WriteRawValue(raw);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new KubernetesJsonException("metadata.managedFields[].fieldsV1 is not valid JSON", e);
        }
    }

    public static ObjectMeta ReadObjectMeta(JsonReadContext c, JsonElement e, string path)
    {
        var m = new ObjectMeta();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            var v = p.Value;
            switch (p.Name)
            {
                case "name": m.Name = c.String(v, at); break;
                case "generateName": m.GenerateName = c.String(v, at); break;
                case "namespace": m.Namespace = c.String(v, at); break;
                case "selfLink": m.SelfLink = c.String(v, at); break;
                case "uid": m.Uid = c.String(v, at); break;
                case "resourceVersion": m.ResourceVersion = c.String(v, at); break;
                case "generation": m.Generation = c.Int64(v, at); break;
                case "creationTimestamp": m.CreationTimestamp = c.Time(v, at); break;
                case "deletionTimestamp": m.DeletionTimestamp = c.Time(v, at); break;
                case "deletionGracePeriodSeconds": m.DeletionGracePeriodSeconds = c.NullableInt64(v, at); break;
                case "labels": m.Labels = c.StringMap(v, at); break;
                case "annotations": m.Annotations = c.StringMap(v, at); break;
                case "ownerReferences": m.OwnerReferences = c.List(v, at, (i, ip) => ReadOwnerReference(c, i, ip)); break;
                case "finalizers": m.Finalizers = c.StringList(v, at); break;
                case "managedFields": m.ManagedFields = c.List(v, at, (i, ip) => ReadManagedFieldsEntry(c, i, ip)); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return m;
    }

    private static OwnerReference ReadOwnerReference(JsonReadContext c, JsonElement e, string path)
    {
        var o = new OwnerReference();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "apiVersion": o.ApiVersion = c.String(p.Value, at); break;
                case "kind": o.Kind = c.String(p.Value, at); break;
                case "name": o.Name = c.String(p.Value, at); break;
                case "uid": o.Uid = c.String(p.Value, at); break;
                case "controller": o.Controller = c.NullableBool(p.Value, at); break;
                case "blockOwnerDeletion": o.BlockOwnerDeletion = c.NullableBool(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return o;
    }

    private static ManagedFieldsEntry ReadManagedFieldsEntry(JsonReadContext c, JsonElement e, string path)
    {
        var m = new ManagedFieldsEntry();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "manager": m.Manager = c.String(p.Value, at); break;
                case "operation": m.Operation = c.String(p.Value, at); break;
                case "apiVersion": m.ApiVersion = c.String(p.Value, at); break;
                case "time": m.Time = c.Time(p.Value, at); break;
                case "fieldsType": m.FieldsType = c.String(p.Value, at); break;
                case "fieldsV1": m.FieldsV1 = JsonReadContext.Raw(p.Value); break;
                case "subresource": m.Subresource = c.String(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return m;
    }

    public static void WriteListMeta(Utf8JsonWriter w, ListMeta m)
    {
        w.WriteStartObject();
        WriteOptional(w, "selfLink", m.SelfLink);
        WriteOptional(w, "resourceVersion", m.ResourceVersion);
        WriteOptional(w, "continue", m.Continue);
        if (m.RemainingItemCount is { } remaining)
        {
            w.WriteNumber("remainingItemCount", remaining);
        }

        w.WriteEndObject();
    }

    public static ListMeta ReadListMeta(JsonReadContext c, JsonElement e, string path)
    {
        var m = new ListMeta();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "selfLink": m.SelfLink = c.String(p.Value, at); break;
                case "resourceVersion": m.ResourceVersion = c.String(p.Value, at); break;
                case "continue": m.Continue = c.String(p.Value, at); break;
                case "remainingItemCount": m.RemainingItemCount = c.NullableInt64(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return m;
    }

    /// <summary>Writes a struct-typed time: the RFC 3339 string, or <c>null</c> when unset.</summary>
    public static void WriteTime(Utf8JsonWriter w, string name, KubernetesTime? time)
    {
        if (time is { } t)
        {
            if (!t.IsRepresentable)
            {
                throw new KubernetesJsonException($"{name}: the time is outside years 1 to 9999 and has no RFC 3339 form");
            }

            w.WriteString(name, t.ToString());
        }
        else
        {
            w.WriteNull(name);
        }
    }

    public static void WriteOptional(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0)
        {
            w.WriteString(name, value);
        }
    }

    public static void WriteStringList(Utf8JsonWriter w, string name, List<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    public static void WriteStringMap(Utf8JsonWriter w, string name, Dictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var key in Sorted(map.Keys))
        {
            w.WriteString(key, map[key]);
        }

        w.WriteEndObject();
    }

    public static void WriteBytesMap(Utf8JsonWriter w, string name, Dictionary<string, byte[]> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var key in Sorted(map.Keys))
        {
            w.WriteBase64String(key, map[key] ?? []);
        }

        w.WriteEndObject();
    }

    private static string[] Sorted(IEnumerable<string> keys)
    {
        var sorted = keys.ToArray();
        Array.Sort(sorted, Utf8Order.Instance);
        return sorted;
    }
}
