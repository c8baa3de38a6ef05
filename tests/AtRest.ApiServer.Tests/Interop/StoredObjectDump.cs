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
///                    17 managedFields        each entry's 4 time &lt;time&gt; (clock); entries of one operation in
///                                            manager order, since the stored order follows their times;
///                                            8 subresource, empty: left out: v1.22+ stores it, v1.20 has no such field }
/// </code>
/// Every other field, its order and its exact bytes take part in the comparison.
/// </summary>
internal static class StoredObjectDump
{
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

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
        var managedFields = new List<(string Operation, string Manager, string Line)>();
        void Flush()
        {
            lines.AddRange(managedFields.OrderBy(e => e.Operation, StringComparer.Ordinal).ThenBy(e => e.Manager, StringComparer.Ordinal).Select(e => e.Line));
            managedFields.Clear();
        }

        foreach (var (field, value) in Fields(meta))
        {
            if (field != 17)
            {
                Flush();
            }

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
                case 17 when value is byte[] entry:
                    managedFields.Add(ManagedFieldsEntry(entry));
                    break;
                default:
                    lines.Add($"metadata.{field} = {Show(value)}");
                    break;
            }
        }

        Flush();
    }

    // ManagedFieldsEntry: 1 manager, 2 operation, 3 apiVersion, 4 time, 6 fieldsType, 7 fieldsV1, 8 subresource.
    private static (string Operation, string Manager, string Line) ManagedFieldsEntry(byte[] entry)
    {
        var fields = Fields(entry);
        string Text(int number) => fields.Where(f => f.Field == number).Select(f => Show(f.Value)).FirstOrDefault() ?? "";
        var shown = fields
            .Where(f => f is not { Field: 8, Value: byte[] { Length: 0 } })
            .Select(f => f.Field == 4 ? "4 = <time>" : $"{f.Field} = {Show(f.Value)}");
        return (Text(2), Text(1), $"metadata.managedFields {{ {string.Join(", ", shown)} }}");
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
