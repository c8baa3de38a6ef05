using System.Text.Json;
using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Json;

/// <summary>core/v1 Secret, ConfigMap, Namespace and their lists in JSON (field order as upstream's structs).</summary>
internal static class CoreJson
{
    public static void WriteResource(Utf8JsonWriter w, KubernetesResource resource) => WriteResource(w, resource, typeMeta: true);

    // A list's items carry no kind or apiVersion, as kube-apiserver serves them (the list's own TypeMeta says them).
    private static void WriteResource(Utf8JsonWriter w, KubernetesResource resource, bool typeMeta)
    {
        w.WriteStartObject();
        if (typeMeta)
        {
            WriteTypeMeta(w, resource);
        }

        w.WritePropertyName("metadata");
        MetaJson.WriteObjectMeta(w, resource.Metadata);
        switch (resource)
        {
            case Secret s:
                if (s.Immutable is { } secretImmutable)
                {
                    w.WriteBoolean("immutable", secretImmutable);
                }

                MetaJson.WriteBytesMap(w, "data", s.Data);
                MetaJson.WriteStringMap(w, "stringData", s.StringData);
                MetaJson.WriteOptional(w, "type", s.Type);
                break;
            case ConfigMap c:
                if (c.Immutable is { } configImmutable)
                {
                    w.WriteBoolean("immutable", configImmutable);
                }

                MetaJson.WriteStringMap(w, "data", c.Data);
                MetaJson.WriteBytesMap(w, "binaryData", c.BinaryData);
                break;
            case Namespace n:
                w.WriteStartObject("spec");
                MetaJson.WriteStringList(w, "finalizers", n.Spec.Finalizers);
                w.WriteEndObject();
                WriteNamespaceStatus(w, n.Status);
                break;
            case Event e:
                EventJson.WriteFields(w, e);
                break;
            case EventsV1Event e:
                EventsV1Json.WriteFields(w, e);
                break;
            default:
                RbacJson.WriteFields(w, resource);
                break;
        }

        w.WriteEndObject();
    }

    public static void WriteList(Utf8JsonWriter w, KubernetesList list)
    {
        w.WriteStartObject();
        WriteTypeMeta(w, list);
        w.WritePropertyName("metadata");
        MetaJson.WriteListMeta(w, list.Metadata);
        w.WriteStartArray("items");
        foreach (var item in list.Resources)
        {
            WriteResource(w, item, typeMeta: false);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteTypeMeta(Utf8JsonWriter w, KubernetesObject obj)
    {
        MetaJson.WriteOptional(w, "kind", obj.Kind);
        MetaJson.WriteOptional(w, "apiVersion", obj.ApiVersion);
    }

    public static Secret ReadSecret(JsonReadContext c, JsonElement e, string path)
    {
        var s = new Secret();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "kind": s.Kind = c.String(p.Value, at); break;
                case "apiVersion": s.ApiVersion = c.String(p.Value, at); break;
                case "metadata": s.Metadata = MetaJson.ReadObjectMeta(c, p.Value, at); break;
                case "immutable": s.Immutable = c.NullableBool(p.Value, at); break;
                case "data": s.Data = c.BytesMap(p.Value, at); break;
                case "stringData": s.StringData = c.StringMap(p.Value, at); break;
                case "type": s.Type = c.String(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return s;
    }

    public static ConfigMap ReadConfigMap(JsonReadContext c, JsonElement e, string path)
    {
        var m = new ConfigMap();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "kind": m.Kind = c.String(p.Value, at); break;
                case "apiVersion": m.ApiVersion = c.String(p.Value, at); break;
                case "metadata": m.Metadata = MetaJson.ReadObjectMeta(c, p.Value, at); break;
                case "immutable": m.Immutable = c.NullableBool(p.Value, at); break;
                case "data": m.Data = c.StringMap(p.Value, at); break;
                case "binaryData": m.BinaryData = c.BytesMap(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return m;
    }

    public static Namespace ReadNamespace(JsonReadContext c, JsonElement e, string path)
    {
        var n = new Namespace();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "kind": n.Kind = c.String(p.Value, at); break;
                case "apiVersion": n.ApiVersion = c.String(p.Value, at); break;
                case "metadata": n.Metadata = MetaJson.ReadObjectMeta(c, p.Value, at); break;
                case "spec": n.Spec = ReadNamespaceSpec(c, p.Value, at); break;
                case "status": n.Status = ReadNamespaceStatus(c, p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return n;
    }

    public static TList ReadList<TList, TItem>(
        JsonReadContext c, JsonElement e, Func<JsonReadContext, JsonElement, string, TItem> readItem)
        where TList : KubernetesList<TItem>, new()
        where TItem : KubernetesResource
    {
        var list = new TList();
        foreach (var p in c.Properties(e, ""))
        {
            switch (p.Name)
            {
                case "kind": list.Kind = c.String(p.Value, p.Name); break;
                case "apiVersion": list.ApiVersion = c.String(p.Value, p.Name); break;
                case "metadata": list.Metadata = MetaJson.ReadListMeta(c, p.Value, p.Name); break;
                case "items": list.Items = c.List(p.Value, p.Name, (item, itemPath) => ReadItem(c, item, itemPath, readItem)); break;
                default: c.Unknown("", p.Name); break;
            }
        }

        return list;
    }

    // Items carry no type unless the document gives one, as upstream (and as items decoded from protobuf).
    private static TItem ReadItem<TItem>(
        JsonReadContext c, JsonElement e, string path, Func<JsonReadContext, JsonElement, string, TItem> readItem)
        where TItem : KubernetesResource
    {
        var item = readItem(c, e, path);
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("kind", out _))
        {
            item.Kind = "";
        }

        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("apiVersion", out _))
        {
            item.ApiVersion = "";
        }

        return item;
    }

    private static void WriteNamespaceStatus(Utf8JsonWriter w, NamespaceStatus status)
    {
        w.WriteStartObject("status");
        MetaJson.WriteOptional(w, "phase", status.Phase);
        if (status.Conditions.Count > 0)
        {
            w.WriteStartArray("conditions");
            foreach (var condition in status.Conditions)
            {
                w.WriteStartObject();
                w.WriteString("type", condition.Type);
                w.WriteString("status", condition.Status);
                MetaJson.WriteTime(w, "lastTransitionTime", condition.LastTransitionTime);
                MetaJson.WriteOptional(w, "reason", condition.Reason);
                MetaJson.WriteOptional(w, "message", condition.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static NamespaceSpec ReadNamespaceSpec(JsonReadContext c, JsonElement e, string path)
    {
        var spec = new NamespaceSpec();
        foreach (var p in c.Properties(e, path))
        {
            if (p.Name == "finalizers")
            {
                spec.Finalizers = c.StringList(p.Value, JsonReadContext.Join(path, p.Name));
            }
            else
            {
                c.Unknown(path, p.Name);
            }
        }

        return spec;
    }

    private static NamespaceStatus ReadNamespaceStatus(JsonReadContext c, JsonElement e, string path)
    {
        var status = new NamespaceStatus();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "phase": status.Phase = c.String(p.Value, at); break;
                case "conditions": status.Conditions = c.List(p.Value, at, (i, ip) => ReadNamespaceCondition(c, i, ip)); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return status;
    }

    private static NamespaceCondition ReadNamespaceCondition(JsonReadContext c, JsonElement e, string path)
    {
        var condition = new NamespaceCondition();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "type": condition.Type = c.String(p.Value, at); break;
                case "status": condition.Status = c.String(p.Value, at); break;
                case "lastTransitionTime": condition.LastTransitionTime = c.Time(p.Value, at); break;
                case "reason": condition.Reason = c.String(p.Value, at); break;
                case "message": condition.Message = c.String(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return condition;
    }
}
