using System.Text.Json;

namespace AtRest.Encryption.Tests.Kms;

/// <summary>Vectors U3, U4 and C7 (spec §8), copied from the team's vectors file into testdata/kms.</summary>
internal static class KmsVectors
{
    public static JsonElement Get(string id)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "testdata", "kms", "kmsv2-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id).Clone();
    }
}
