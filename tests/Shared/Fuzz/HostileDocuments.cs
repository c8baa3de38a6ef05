using System.Text;

namespace AtRest.Tests.Shared.Fuzz;

/// <summary>
/// Hostile documents built whole: nesting around and beyond the decoders' depth limits (up to 100,000 levels, which
/// would overflow a recursive parser's stack), alias bombs ("billion laughs"), self-referencing aliases, huge
/// numbers and keys, and for protobuf varint overflows, bogus lengths and deeply nested groups.
/// </summary>
internal static class HostileDocuments
{
    private static readonly int[] Depths = [2, 63, 64, 65, 100, 1_000, 10_000, 100_000];

    public static byte[] Build(FuzzFormat format, Random random, byte[] seed) => format switch
    {
        FuzzFormat.Json => Encoding.UTF8.GetBytes(Json(random)),
        FuzzFormat.Yaml => Encoding.UTF8.GetBytes(Yaml(random)),
        _ => Protobuf(random, seed),
    };

    private static int Depth(Random random) => Depths[random.Next(Depths.Length)];

    private static string Json(Random random)
    {
        var depth = Depth(random);
        return random.Next(6) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":" + Repeat("{\"a\":", depth) + "1" + new string('}', depth) + "}",
            2 => "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\",\"labels\":{\"a\":" + new string('[', depth) + "}}}",
            3 => "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"generation\":" + new string('9', 1 + random.Next(5000)) + "}}",
            4 => "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"data\":{" + string.Join(',', Enumerable.Range(0, 1 + random.Next(5000)).Select(i => $"\"k\":\"{i}\"")) + "}}",
            _ => "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + new string('a', random.Next(100_000)) + "\"}}",
        };
    }

    private static string Yaml(Random random)
    {
        var depth = Depth(random);
        switch (random.Next(8))
        {
            case 0:
                return new string('[', depth) + new string(']', depth);
            case 1:
                return "kind: Secret\napiVersion: v1\nmetadata:\n" + string.Concat(Enumerable.Range(1, Math.Min(depth, 2_000)).Select(i => new string(' ', i) + "a:\n"));
            case 2:
                return "kind: Secret\napiVersion: v1\nmetadata: " + Repeat("- ", depth) + "x\n";
            case 3:
                return "kind: Secret\napiVersion: v1\nmetadata: " + Repeat("{a: ", depth) + "1" + new string('}', depth) + "\n";
            case 4:
                // Each level lists the previous one ten times: 10^levels nodes from a few hundred bytes.
                var laughs = new StringBuilder("kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: lol\n  labels:\n    l0: &l0 \"lol\"\n");
                var levels = 3 + random.Next(8);
                for (var level = 1; level <= levels; level++)
                {
                    laughs.Append("    l").Append(level).Append(": &l").Append(level).Append(" [")
                        .Append(string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))).Append("]\n");
                }

                return laughs.ToString();
            case 5:
                // Merge keys that pull a large mapping into many others.
                var merge = new StringBuilder("kind: ConfigMap\napiVersion: v1\nbase: &b {")
                    .Append(string.Join(", ", Enumerable.Range(0, 50).Select(i => $"k{i}: v{i}"))).Append("}\ndata:\n");
                for (var i = 0; i < 1 + random.Next(2_000); i++)
                {
                    merge.Append("  m").Append(i).Append(": {<<: *b}\n");
                }

                return merge.ToString();
            case 6:
                return "kind: Secret\napiVersion: v1\nmetadata: &m\n  name: x\n  labels: *m\n";
            default:
                return "kind: Secret\napiVersion: v1\nmetadata:\n  generation: " + new string('9', 1 + random.Next(5000)) + "\n  name: " + new string('x', random.Next(100_000)) + "\n";
        }
    }

    private static byte[] Protobuf(Random random, byte[] seed)
    {
        var body = seed.Length > 4 ? seed[4..] : [];
        switch (random.Next(5))
        {
            case 0:
                // Field 1 opened as a group again and again, closed or not.
                var depth = Depth(random);
                var groups = new List<byte>("k8s\0"u8.ToArray());
                groups.AddRange(Enumerable.Repeat((byte)0x0b, depth));
                groups.AddRange(Enumerable.Repeat((byte)0x0c, random.Next(2) == 0 ? depth : depth / 2));
                return [.. groups];
            case 1:
                // A tag whose varint never ends, or is 11 bytes long.
                return [.. "k8s\0"u8, .. Enumerable.Repeat((byte)0xff, 1 + random.Next(20)), .. random.Next(2) == 0 ? new byte[] { 0x01 } : []];
            case 2:
                // A length-delimited field wrapped in itself many times: each level is a valid length prefix.
                var inner = body;
                var levels = 1 + random.Next(200);
                for (var i = 0; i < levels; i++)
                {
                    inner = [0x12, .. ProtobufMutations.Varint((ulong)inner.Length), .. inner];
                }

                return [.. "k8s\0"u8, .. inner];
            case 3:
                // Field 2 (raw) declaring 2^31, 2^32, 2^63 or 2^64-1 bytes.
                ulong[] lengths = [int.MaxValue, (ulong)int.MaxValue + 1, uint.MaxValue, 1UL << 63, ulong.MaxValue];
                return [.. "k8s\0"u8, 0x12, .. ProtobufMutations.Varint(lengths[random.Next(lengths.Length)]), .. body];
            default:
                // Many repeats of one field: the last wins for scalars, each adds for repeated ones.
                var repeats = 1 + random.Next(5_000);
                var entry = ProtobufMutations.Field(2, ProtobufMutations.Field(1, "k"u8.ToArray()));
                return [.. seed, .. Enumerable.Repeat(entry, repeats).SelectMany(e => e)];
        }
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
