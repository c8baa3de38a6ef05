using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Protobuf;

/// <summary>core/v1 messages (field numbers from <c>core/v1/generated.proto</c>) and their list kinds.</summary>
internal static class CoreProtobuf
{
    // Secret: 1 metadata, 2 data map<string,bytes>, 3 type (always), 4 stringData, 5 immutable (pointer).
    public static void WriteSecret(ProtoWriter w, Secret s)
    {
        WriteMetadata(w, s.Metadata);
        w.WriteBytesMap(2, s.Data);
        w.WriteString(3, s.Type);
        w.WriteStringMap(4, s.StringData);
        if (s.Immutable is { } immutable)
        {
            w.WriteBool(5, immutable);
        }
    }

    public static Secret ReadSecret(ProtoReader r)
    {
        var s = new Secret();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: s.Metadata = MetaProtobuf.ReadObjectMeta(r.ReadMessage("Secret.metadata")); break;
                case 2: ProtoFields.ReadBytesMapEntry(ref r, "Secret.data", s.Data); break;
                case 3: s.Type = r.ReadString("Secret.type"); break;
                case 4: ProtoFields.ReadStringMapEntry(ref r, "Secret.stringData", s.StringData); break;
                case 5: s.Immutable = r.ReadBool("Secret.immutable"); break;
                default: r.Skip(); break;
            }
        }

        return s;
    }

    // ConfigMap: 1 metadata, 2 data map<string,string>, 3 binaryData map<string,bytes>, 4 immutable (pointer).
    public static void WriteConfigMap(ProtoWriter w, ConfigMap c)
    {
        WriteMetadata(w, c.Metadata);
        w.WriteStringMap(2, c.Data);
        w.WriteBytesMap(3, c.BinaryData);
        if (c.Immutable is { } immutable)
        {
            w.WriteBool(4, immutable);
        }
    }

    public static ConfigMap ReadConfigMap(ProtoReader r)
    {
        var c = new ConfigMap();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: c.Metadata = MetaProtobuf.ReadObjectMeta(r.ReadMessage("ConfigMap.metadata")); break;
                case 2: ProtoFields.ReadStringMapEntry(ref r, "ConfigMap.data", c.Data); break;
                case 3: ProtoFields.ReadBytesMapEntry(ref r, "ConfigMap.binaryData", c.BinaryData); break;
                case 4: c.Immutable = r.ReadBool("ConfigMap.immutable"); break;
                default: r.Skip(); break;
            }
        }

        return c;
    }

    // Namespace: 1 metadata, 2 spec {1 finalizers}, 3 status {1 phase, 2 conditions}; spec and status always.
    // NamespaceCondition: 1 type, 2 status, 4 lastTransitionTime (struct: always), 5 reason, 6 message.
    public static void WriteNamespace(ProtoWriter w, Namespace n)
    {
        WriteMetadata(w, n.Metadata);
        var spec = w.BeginMessage(2);
        foreach (var finalizer in n.Spec.Finalizers)
        {
            w.WriteString(1, finalizer);
        }

        w.EndMessage(spec);
        var status = w.BeginMessage(3);
        w.WriteString(1, n.Status.Phase);
        foreach (var condition in n.Status.Conditions)
        {
            var mark = w.BeginMessage(2);
            w.WriteString(1, condition.Type);
            w.WriteString(2, condition.Status);
            ProtoFields.WriteTime(w, 4, condition.LastTransitionTime, always: true);
            w.WriteString(5, condition.Reason);
            w.WriteString(6, condition.Message);
            w.EndMessage(mark);
        }

        w.EndMessage(status);
    }

    public static Namespace ReadNamespace(ProtoReader r)
    {
        var n = new Namespace();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: n.Metadata = MetaProtobuf.ReadObjectMeta(r.ReadMessage("Namespace.metadata")); break;
                case 2: n.Spec = ReadNamespaceSpec(r.ReadMessage("Namespace.spec")); break;
                case 3: n.Status = ReadNamespaceStatus(r.ReadMessage("Namespace.status")); break;
                default: r.Skip(); break;
            }
        }

        return n;
    }

    private static NamespaceSpec ReadNamespaceSpec(ProtoReader r)
    {
        var spec = new NamespaceSpec();
        while (r.TryReadTag())
        {
            if (r.Field == 1)
            {
                spec.Finalizers.Add(r.ReadString("Namespace.spec.finalizers"));
            }
            else
            {
                r.Skip();
            }
        }

        return spec;
    }

    private static NamespaceStatus ReadNamespaceStatus(ProtoReader r)
    {
        var status = new NamespaceStatus();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: status.Phase = r.ReadString("Namespace.status.phase"); break;
                case 2: status.Conditions.Add(ReadNamespaceCondition(r.ReadMessage("Namespace.status.conditions"))); break;
                default: r.Skip(); break;
            }
        }

        return status;
    }

    private static NamespaceCondition ReadNamespaceCondition(ProtoReader r)
    {
        var c = new NamespaceCondition();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: c.Type = r.ReadString("conditions.type"); break;
                case 2: c.Status = r.ReadString("conditions.status"); break;
                case 4: c.LastTransitionTime = ProtoFields.ReadTime(ref r, "conditions.lastTransitionTime"); break;
                case 5: c.Reason = r.ReadString("conditions.reason"); break;
                case 6: c.Message = r.ReadString("conditions.message"); break;
                default: r.Skip(); break;
            }
        }

        return c;
    }

    /// <summary>Writes a resource's own message (no type: the envelope or the list carries it).</summary>
    public static void WriteResource(ProtoWriter w, KubernetesResource resource)
    {
        switch (resource)
        {
            case Secret s: WriteSecret(w, s); break;
            case ConfigMap c: WriteConfigMap(w, c); break;
            case Namespace n: WriteNamespace(w, n); break;
            case Event e: EventProtobuf.Write(w, e); break;
            default: RbacProtobuf.WriteResource(w, resource); break;
        }
    }

    // Lists: 1 metadata (ListMeta, always), 2 items (repeated, each the item's own message).
    public static void WriteList(ProtoWriter w, KubernetesList list)
    {
        var meta = w.BeginMessage(1);
        MetaProtobuf.WriteListMeta(w, list.Metadata);
        w.EndMessage(meta);
        foreach (var item in list.Resources)
        {
            var mark = w.BeginMessage(2);
            WriteResource(w, item);
            w.EndMessage(mark);
        }
    }

    public static TList ReadList<TList, TItem>(ProtoReader r, ItemReader<TItem> readItem)
        where TList : KubernetesList<TItem>, new()
        where TItem : KubernetesResource
    {
        var list = new TList();
        var itemName = list.Kind + ".items";
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: list.Metadata = MetaProtobuf.ReadListMeta(r.ReadMessage(list.Kind + ".metadata")); break;
                case 2:
                    var item = readItem(r.ReadMessage(itemName));
                    item.ApiVersion = "";
                    item.Kind = "";
                    list.Items.Add(item);
                    break;
                default: r.Skip(); break;
            }
        }

        return list;
    }

    private static void WriteMetadata(ProtoWriter w, ObjectMeta metadata)
    {
        var mark = w.BeginMessage(1);
        MetaProtobuf.WriteObjectMeta(w, metadata);
        w.EndMessage(mark);
    }
}
