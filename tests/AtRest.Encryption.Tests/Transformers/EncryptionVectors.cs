using System.Text.Json;
using AtRest.Tests.Shared;

namespace AtRest.Encryption.Tests.Transformers;

/// <summary>The spec's §8 vectors file (tests/testdata/vectors/encryption-vectors.json, copied to the test output).</summary>
internal static class EncryptionVectors
{
    public static JsonElement Get(string id)
    {
        var path = SharedData.Path("vectors", "encryption-vectors.json");
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
