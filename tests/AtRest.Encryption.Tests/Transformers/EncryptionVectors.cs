using System.Text.Json;
using AtRest.Tests.Shared;

namespace AtRest.Encryption.Tests.Transformers;

/// <summary>The shared vectors file (../shared/vectors/encryption-vectors.json), read in place.</summary>
internal static class EncryptionVectors
{
    public static JsonElement Get(string id)
    {
        var path = SharedData.PathOrSkip("vectors", "encryption-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("id").GetString() == id)
            {
                return vector.Clone();
            }
        }

        throw new InvalidOperationException($"vector {id} not found in {path}");
    }

    public static string Text(this JsonElement vector, string name) => vector.GetProperty(name).GetString()!;

    public static byte[] Hex(this JsonElement vector, string name) => Convert.FromHexString(vector.Text(name));

    public static byte[] Ascii(this JsonElement vector, string name) => System.Text.Encoding.ASCII.GetBytes(vector.Text(name));
}
