using System.Text;
using Google.Protobuf;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// A decrypted stored object as lines, one per protobuf field in wire order, so that two servers' bytes compare
/// field by field with readable differences. Only what legitimately differs between two writes is masked:
/// <code>
///   "k8s\0" Unknown { 1 typeMeta, 2 raw = Object, 3 contentEncoding, 4 contentType }
///   Object          { 1 metadata = ObjectMeta, 2.. the kind's own fields, printed as stored }
///   ObjectMeta      { 5 uid                  &lt;uid&gt;        (random per write)
///                     8 creationTimestamp    &lt;time&gt;       (clock)
///                    11 labels entry "kubernetes.io/metadata.name"  left out: v1.21+ adds it, v1.20 does not
///                    15 clusterName, empty   left out: v1.20 stores it, v1.25 removed the field
///                    17 managedFields        see MaskManagedFieldsUntilAtRestRecordsThem }
/// </code>
/// Every other field, its order and its exact bytes take part in the comparison.
/// </summary>
internal static class StoredObjectDump
{
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>
    /// AtRest records no managedFields yet (issue 8, point 2), so their entries are masked here, in this one
    /// place. This goes when managedFields land: then they compare like every other field.
    /// </summary>
    private static bool MaskManagedFieldsUntilAtRestRecordsThem => true;

    /// <summary>The lines of <paramref name="plaintext"/>, a decrypted stored value.</summary>
    public static IReadOnlyList<string> Lines(byte[] plaintext)
    {
        var magic = "k8s\0"u8;
        if (!plaintext.AsSpan().StartsWith(magic))
        {
            return [$"not protobuf: {Printable(plaintext)}"];
        }

        var lines = new List<string> { "magic k8s\\0" };
        foreach (var (field, value) in Fields(plaintext[magic.Length..]))
        {
            if (field == 2 && value is byte[] raw)
            {
                DumpObject(raw, lines);
            }
            else
            {
                lines.Add($"unknown.{field} = {Show(value)}");
            }
        }

        return lines;
    }

    private static void DumpObject(byte[] raw, List<string> lines)
    {
        foreach (var (field, value) in Fields(raw))
        {
            if (field == 1 && value is byte[] meta)
            {
                DumpMeta(meta, lines);
            }
            else
            {
                lines.Add($"object.{field} = {Show(value)}");
            }
        }
    }

    private static void DumpMeta(byte[] meta, List<string> lines)
    {
        foreach (var (field, value) in Fields(meta))
        {
            switch (field)
            {
                case 5:
                    lines.Add("metadata.uid = <uid>");
                    break;
                case 8:
                    lines.Add("metadata.creationTimestamp = <time>");
                    break;
                case 11 when value is byte[] entry && LabelKey(entry) == NamespaceNameLabel:
                    break;
                case 15 when value is byte[] { Length: 0 }:
                    break;
                case 17 when MaskManagedFieldsUntilAtRestRecordsThem:
                    break;
                default:
                    lines.Add($"metadata.{field} = {Show(value)}");
                    break;
            }
        }
    }

    private static string? LabelKey(byte[] entry) =>
        Fields(entry).Where(f => f.Field == 1).Select(f => f.Value is byte[] key ? Encoding.UTF8.GetString(key) : null).FirstOrDefault();

    // Varints as numbers, length-delimited fields as their bytes (nested messages are not parsed unless asked).
    private static List<(int Field, object Value)> Fields(byte[] message)
    {
        var fields = new List<(int, object)>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            object value = WireFormat.GetTagWireType(tag) switch
            {
                WireFormat.WireType.Varint => input.ReadUInt64(),
                WireFormat.WireType.LengthDelimited => input.ReadBytes().ToByteArray(),
                WireFormat.WireType.Fixed64 => input.ReadFixed64(),
                WireFormat.WireType.Fixed32 => input.ReadFixed32(),
                var other => throw new InvalidDataException($"wire type {other} in field {field}"),
            };
            fields.Add((field, value));
        }

        return fields;
    }

    private static string Show(object value) => value is byte[] bytes ? Printable(bytes) : $"{value}";

    private static string Printable(byte[] bytes) =>
        bytes.All(b => b is >= 0x20 and < 0x7f)
            ? $"\"{Encoding.ASCII.GetString(bytes)}\""
            : $"hex {Convert.ToHexStringLower(bytes)}";
}
