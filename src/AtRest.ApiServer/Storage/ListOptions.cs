using AtRest.ApiServer.Selectors;

namespace AtRest.ApiServer.Storage;

/// <summary>What a LIST (or WATCH) selects.</summary>
/// <param name="Labels">The label selector.</param>
/// <param name="Fields">The field selector.</param>
/// <param name="Limit">Most items in one page; 0 for all.</param>
/// <param name="Continue">The continue token of the previous page, or null.</param>
internal sealed record ListOptions(LabelSelector Labels, FieldSelector Fields, long Limit = 0, string? Continue = null)
{
    /// <summary>Everything, in one page.</summary>
    public static ListOptions All { get; } = new(LabelSelector.Everything, FieldSelector.Everything);
}
