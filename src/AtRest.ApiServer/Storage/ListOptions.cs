using AtRest.ApiServer.Selectors;

namespace AtRest.ApiServer.Storage;

/// <summary>What a LIST (or WATCH) selects.</summary>
/// <param name="Labels">The label selector.</param>
/// <param name="Fields">The field selector.</param>
/// <param name="Limit">Most items in one page; 0 for all.</param>
/// <param name="Continue">The continue token of the previous page, or null.</param>
/// <param name="MinimumRevision">The list must be at least this fresh (<c>resourceVersion</c>, NotOlderThan); 0 for any.</param>
/// <param name="ExactRevision">List exactly at this revision (<c>resourceVersionMatch=Exact</c>); 0 for the current one.</param>
internal sealed record ListOptions(
    LabelSelector Labels, FieldSelector Fields, long Limit = 0, string? Continue = null, long MinimumRevision = 0, long ExactRevision = 0)
{
    /// <summary>Everything, in one page.</summary>
    public static ListOptions All { get; } = new(LabelSelector.Everything, FieldSelector.Everything);
}
