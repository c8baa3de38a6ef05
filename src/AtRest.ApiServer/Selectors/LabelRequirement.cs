using System.Globalization;

namespace AtRest.ApiServer.Selectors;

/// <summary>One requirement of a label selector.</summary>
/// <param name="Key">The label key.</param>
/// <param name="Operator">How the value is compared.</param>
/// <param name="Values">The values for In/NotIn/Gt/Lt.</param>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>Whether <paramref name="labels"/> satisfy the requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Exists => present,
            LabelOperator.DoesNotExist => !present,
            LabelOperator.In => present && Values.Contains(value!, StringComparer.Ordinal),
            LabelOperator.NotIn => !present || !Values.Contains(value!, StringComparer.Ordinal),
            LabelOperator.GreaterThan => present && Compare(value!) > 0,
            LabelOperator.LessThan => present && Compare(value!) < 0,
            _ => false,
        };
    }

    private int Compare(string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n.CompareTo(long.Parse(Values[0], CultureInfo.InvariantCulture))
            : 0;
}
