using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Protobuf;

/// <summary>
/// apimachinery meta/v1 messages. Field numbers from <c>pkg/apis/meta/v1/generated.proto</c>; presence as gogo
/// writes it: non-pointer strings and integers always, pointers only when set, maps sorted by key.
/// </summary>
internal static class MetaProtobuf
{
    // ObjectMeta: 1 name, 2 generateName, 3 namespace, 4 selfLink, 5 uid, 6 resourceVersion, 7 generation,
    // 8 creationTimestamp, 9 deletionTimestamp, 10 deletionGracePeriodSeconds, 11 labels, 12 annotations,
    // 13 ownerReferences, 14 finalizers, (15 clusterName, removed), 17 managedFields.
    public static void WriteObjectMeta(ProtoWriter w, ObjectMeta m)
    {
        w.WriteString(1, m.Name);
        w.WriteString(2, m.GenerateName);
        w.WriteString(3, m.Namespace);
        w.WriteString(4, m.SelfLink);
        w.WriteString(5, m.Uid);
        w.WriteString(6, m.ResourceVersion);
        w.WriteInt64(7, m.Generation);
        ProtoFields.WriteTime(w, 8, m.CreationTimestamp, always: true);
        ProtoFields.WriteTime(w, 9, m.DeletionTimestamp, always: false);
        if (m.DeletionGracePeriodSeconds is { } grace)
        {
            w.WriteInt64(10, grace);
        }

        w.WriteStringMap(11, m.Labels);
        w.WriteStringMap(12, m.Annotations);
        foreach (var owner in m.OwnerReferences)
        {
            var mark = w.BeginMessage(13);
            WriteOwnerReference(w, owner);
            w.EndMessage(mark);
        }

        foreach (var finalizer in m.Finalizers)
        {
            w.WriteString(14, finalizer);
        }

        foreach (var entry in m.ManagedFields)
        {
            var mark = w.BeginMessage(17);
            WriteManagedFieldsEntry(w, entry);
            w.EndMessage(mark);
        }
    }

    public static ObjectMeta ReadObjectMeta(ProtoReader r)
    {
        var m = new ObjectMeta();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: m.Name = r.ReadString("metadata.name"); break;
                case 2: m.GenerateName = r.ReadString("metadata.generateName"); break;
                case 3: m.Namespace = r.ReadString("metadata.namespace"); break;
                case 4: m.SelfLink = r.ReadString("metadata.selfLink"); break;
                case 5: m.Uid = r.ReadString("metadata.uid"); break;
                case 6: m.ResourceVersion = r.ReadString("metadata.resourceVersion"); break;
                case 7: m.Generation = r.ReadInt64("metadata.generation"); break;
                case 8: m.CreationTimestamp = ProtoFields.ReadTime(ref r, "metadata.creationTimestamp"); break;
                case 9: m.DeletionTimestamp = ProtoFields.ReadTime(ref r, "metadata.deletionTimestamp"); break;
                case 10: m.DeletionGracePeriodSeconds = r.ReadInt64("metadata.deletionGracePeriodSeconds"); break;
                case 11: ProtoFields.ReadStringMapEntry(ref r, "metadata.labels", m.Labels); break;
                case 12: ProtoFields.ReadStringMapEntry(ref r, "metadata.annotations", m.Annotations); break;
                case 13: m.OwnerReferences.Add(ReadOwnerReference(r.ReadMessage("metadata.ownerReferences"))); break;
                case 14: m.Finalizers.Add(r.ReadString("metadata.finalizers")); break;
                case 17: m.ManagedFields.Add(ReadManagedFieldsEntry(r.ReadMessage("metadata.managedFields"))); break;
                default: r.Skip(); break;
            }
        }

        return m;
    }

    // OwnerReference: 1 kind, 3 name, 4 uid, 5 apiVersion, 6 controller, 7 blockOwnerDeletion.
    private static void WriteOwnerReference(ProtoWriter w, OwnerReference o)
    {
        w.WriteString(1, o.Kind);
        w.WriteString(3, o.Name);
        w.WriteString(4, o.Uid);
        w.WriteString(5, o.ApiVersion);
        if (o.Controller is { } controller)
        {
            w.WriteBool(6, controller);
        }

        if (o.BlockOwnerDeletion is { } block)
        {
            w.WriteBool(7, block);
        }
    }

    private static OwnerReference ReadOwnerReference(ProtoReader r)
    {
        var o = new OwnerReference();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: o.Kind = r.ReadString("ownerReferences.kind"); break;
                case 3: o.Name = r.ReadString("ownerReferences.name"); break;
                case 4: o.Uid = r.ReadString("ownerReferences.uid"); break;
                case 5: o.ApiVersion = r.ReadString("ownerReferences.apiVersion"); break;
                case 6: o.Controller = r.ReadBool("ownerReferences.controller"); break;
                case 7: o.BlockOwnerDeletion = r.ReadBool("ownerReferences.blockOwnerDeletion"); break;
                default: r.Skip(); break;
            }
        }

        return o;
    }

    // ManagedFieldsEntry: 1 manager, 2 operation, 3 apiVersion, 4 time, 6 fieldsType, 7 fieldsV1 {1 Raw}, 8 subresource.
    private static void WriteManagedFieldsEntry(ProtoWriter w, ManagedFieldsEntry e)
    {
        w.WriteString(1, e.Manager);
        w.WriteString(2, e.Operation);
        w.WriteString(3, e.ApiVersion);
        ProtoFields.WriteTime(w, 4, e.Time, always: false);
        w.WriteString(6, e.FieldsType);
        if (e.FieldsV1 is { } raw)
        {
            var mark = w.BeginMessage(7);
            w.WriteBytes(1, raw);
            w.EndMessage(mark);
        }

        w.WriteString(8, e.Subresource);
    }

    private static ManagedFieldsEntry ReadManagedFieldsEntry(ProtoReader r)
    {
        var e = new ManagedFieldsEntry();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: e.Manager = r.ReadString("managedFields.manager"); break;
                case 2: e.Operation = r.ReadString("managedFields.operation"); break;
                case 3: e.ApiVersion = r.ReadString("managedFields.apiVersion"); break;
                case 4: e.Time = ProtoFields.ReadTime(ref r, "managedFields.time"); break;
                case 6: e.FieldsType = r.ReadString("managedFields.fieldsType"); break;
                case 7: e.FieldsV1 = ReadFieldsV1(r.ReadMessage("managedFields.fieldsV1")); break;
                case 8: e.Subresource = r.ReadString("managedFields.subresource"); break;
                default: r.Skip(); break;
            }
        }

        return e;
    }

    private static byte[] ReadFieldsV1(ProtoReader r)
    {
        byte[] raw = [];
        while (r.TryReadTag())
        {
            if (r.Field == 1)
            {
                raw = r.ReadBytes("managedFields.fieldsV1.Raw");
            }
            else
            {
                r.Skip();
            }
        }

        return raw;
    }

    // ListMeta: 1 selfLink, 2 resourceVersion, 3 continue, 4 remainingItemCount.
    public static void WriteListMeta(ProtoWriter w, ListMeta m)
    {
        w.WriteString(1, m.SelfLink);
        w.WriteString(2, m.ResourceVersion);
        w.WriteString(3, m.Continue);
        if (m.RemainingItemCount is { } remaining)
        {
            w.WriteInt64(4, remaining);
        }
    }

    public static ListMeta ReadListMeta(ProtoReader r)
    {
        var m = new ListMeta();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: m.SelfLink = r.ReadString("metadata.selfLink"); break;
                case 2: m.ResourceVersion = r.ReadString("metadata.resourceVersion"); break;
                case 3: m.Continue = r.ReadString("metadata.continue"); break;
                case 4: m.RemainingItemCount = r.ReadInt64("metadata.remainingItemCount"); break;
                default: r.Skip(); break;
            }
        }

        return m;
    }
}
