using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Protobuf;

/// <summary>
/// <c>metav1.Status</c>: 1 metadata (ListMeta, always), 2 status, 3 message, 4 reason, 5 details (pointer), 6 code.
/// StatusDetails: 1 name, 2 group, 3 kind, 4 causes, 5 retryAfterSeconds, 6 uid. StatusCause: 1 reason, 2 message, 3 field.
/// </summary>
internal static class StatusProtobuf
{
    public static void Write(ProtoWriter w, Status s)
    {
        var meta = w.BeginMessage(1);
        MetaProtobuf.WriteListMeta(w, s.Metadata);
        w.EndMessage(meta);
        w.WriteString(2, s.State);
        w.WriteString(3, s.Message);
        w.WriteString(4, s.Reason);
        if (s.Details is { } d)
        {
            var mark = w.BeginMessage(5);
            w.WriteString(1, d.Name);
            w.WriteString(2, d.Group);
            w.WriteString(3, d.Kind);
            foreach (var cause in d.Causes)
            {
                var c = w.BeginMessage(4);
                w.WriteString(1, cause.Reason);
                w.WriteString(2, cause.Message);
                w.WriteString(3, cause.Field);
                w.EndMessage(c);
            }

            w.WriteInt32(5, d.RetryAfterSeconds);
            w.WriteString(6, d.Uid);
            w.EndMessage(mark);
        }

        w.WriteInt32(6, s.Code);
    }

    public static Status Read(ProtoReader r)
    {
        var s = new Status();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: s.Metadata = MetaProtobuf.ReadListMeta(r.ReadMessage("Status.metadata")); break;
                case 2: s.State = r.ReadString("Status.status"); break;
                case 3: s.Message = r.ReadString("Status.message"); break;
                case 4: s.Reason = r.ReadString("Status.reason"); break;
                case 5: s.Details = ReadDetails(r.ReadMessage("Status.details")); break;
                case 6: s.Code = r.ReadInt32("Status.code"); break;
                default: r.Skip(); break;
            }
        }

        return s;
    }

    private static StatusDetails ReadDetails(ProtoReader r)
    {
        var d = new StatusDetails();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: d.Name = r.ReadString("Status.details.name"); break;
                case 2: d.Group = r.ReadString("Status.details.group"); break;
                case 3: d.Kind = r.ReadString("Status.details.kind"); break;
                case 4: d.Causes.Add(ReadCause(r.ReadMessage("Status.details.causes"))); break;
                case 5: d.RetryAfterSeconds = r.ReadInt32("Status.details.retryAfterSeconds"); break;
                case 6: d.Uid = r.ReadString("Status.details.uid"); break;
                default: r.Skip(); break;
            }
        }

        return d;
    }

    private static StatusCause ReadCause(ProtoReader r)
    {
        var c = new StatusCause();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: c.Reason = r.ReadString("causes.reason"); break;
                case 2: c.Message = r.ReadString("causes.message"); break;
                case 3: c.Field = r.ReadString("causes.field"); break;
                default: r.Skip(); break;
            }
        }

        return c;
    }
}
