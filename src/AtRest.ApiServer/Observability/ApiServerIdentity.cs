using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AtRest.ApiServer.Observability;

/// <summary>
/// kube-apiserver's identity and the <c>apiserver_id_hash</c> metric label derived from it:
/// id = <c>apiserver-</c> + lower-case unpadded base32 of the first 16 bytes of
/// SHA-256(u16 len ‖ hostname ‖ u16 len ‖ "kube-apiserver"); label = <c>sha256:</c> + hex SHA-256(id).
/// </summary>
public static class ApiServerIdentity
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The identity for <paramref name="hostname"/>.</summary>
    public static string IdFor(string hostname)
    {
        var input = new List<byte>();
        Append(input, hostname);
        Append(input, "kube-apiserver");
        var digest = SHA256.HashData(input.ToArray());
        return "apiserver-" + Base32(digest.AsSpan(0, 16));
    }

    /// <summary>The <c>apiserver_id_hash</c> label for <paramref name="hostname"/>.</summary>
    public static string HashFor(string hostname) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(IdFor(hostname))));

    private static void Append(List<byte> output, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)bytes.Length);
        output.AddRange(length.ToArray());
        output.AddRange(bytes);
    }

    private static string Base32(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}
