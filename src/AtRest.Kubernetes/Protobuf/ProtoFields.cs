using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Protobuf;

/// <summary>Shapes shared by every message: map entries and <c>metav1.Time</c>.</summary>
internal static class ProtoFields
{
    // Go's zero time.Time (0001-01-01T00:00:00Z) is "unset"; upstream writes it as an empty message.
    private const long GoZeroTimeSeconds = -62135596800;

    /// <summary>
    /// Writes a <c>metav1.Time</c>: <c>{1 seconds, 2 nanos}</c>, both always present. An unset value is an empty
    /// message when the Go field is a struct (<paramref name="always"/>), and absent when it is a pointer.
    /// </summary>
    public static void WriteTime(ProtoWriter writer, int field, KubernetesTime? time, bool always)
    {
        if (time is null && !always)
        {
            return;
        }

        var mark = writer.BeginMessage(field);
        if (time is { } t)
        {
            writer.WriteInt64(1, t.Seconds);
            writer.WriteInt32(2, t.Nanos);
        }

        writer.EndMessage(mark);
    }

    public static KubernetesTime? ReadTime(ref ProtoReader reader, string name)
    {
        var body = reader.ReadMessage(name);
        long seconds = 0;
        var nanos = 0;
        var any = false;
        while (body.TryReadTag())
        {
            any = true;
            switch (body.Field)
            {
                case 1: seconds = body.ReadInt64(name + ".seconds"); break;
                case 2: nanos = body.ReadInt32(name + ".nanos"); break;
                default: body.Skip(); break;
            }
        }

        if (!any || (seconds == GoZeroTimeSeconds && nanos == 0))
        {
            return null;
        }

        return new KubernetesTime(seconds, nanos);
    }

    /// <summary>Reads one <c>{1 key, 2 value}</c> entry of a <c>map&lt;string,string&gt;</c>; the last duplicate wins.</summary>
    public static void ReadStringMapEntry(ref ProtoReader reader, string name, Dictionary<string, string> map)
    {
        var entry = reader.ReadMessage(name);
        var key = "";
        var value = "";
        while (entry.TryReadTag())
        {
            switch (entry.Field)
            {
                case 1: key = entry.ReadString(name + " key"); break;
                case 2: value = entry.ReadString(name + " value"); break;
                default: entry.Skip(); break;
            }
        }

        map[key] = value;
    }

    /// <summary>Reads one <c>{1 key, 2 value}</c> entry of a <c>map&lt;string,bytes&gt;</c>; the last duplicate wins.</summary>
    public static void ReadBytesMapEntry(ref ProtoReader reader, string name, Dictionary<string, byte[]> map)
    {
        var entry = reader.ReadMessage(name);
        var key = "";
        byte[] value = [];
        while (entry.TryReadTag())
        {
            switch (entry.Field)
            {
                case 1: key = entry.ReadString(name + " key"); break;
                case 2: value = entry.ReadBytes(name + " value"); break;
                default: entry.Skip(); break;
            }
        }

        map[key] = value;
    }
}
