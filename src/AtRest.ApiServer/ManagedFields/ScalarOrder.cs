using System.Text.Json;
using System.Text.Json.Nodes;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// The total order structured-merge-diff's <c>value.Compare</c> puts on the scalars that identify list items:
/// null, then booleans (false first), then numbers, then strings (byte order); anything else by its JSON text.
/// </summary>
internal static class ScalarOrder
{
    /// <summary>Negative, zero or positive as <paramref name="a"/> sorts before, with or after <paramref name="b"/>.</summary>
    public static int Compare(JsonNode? a, JsonNode? b)
    {
        var (rankA, rankB) = (Rank(a), Rank(b));
        if (rankA != rankB)
        {
            return rankA.CompareTo(rankB);
        }

        return rankA switch
        {
            0 => 0,
            1 => a!.GetValue<bool>().CompareTo(b!.GetValue<bool>()),
            2 => Number(a!).CompareTo(Number(b!)),
            3 => string.CompareOrdinal(a!.GetValue<string>(), b!.GetValue<string>()),
            _ => string.CompareOrdinal(PathElement.Compact(a), PathElement.Compact(b)),
        };
    }

    private static double Number(JsonNode node) =>
        double.Parse(node.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    private static int Rank(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => 0,
        JsonValueKind.True or JsonValueKind.False => 1,
        JsonValueKind.Number => 2,
        JsonValueKind.String => 3,
        _ => 4,
    };
}
