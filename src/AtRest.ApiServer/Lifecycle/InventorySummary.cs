namespace AtRest.ApiServer.Lifecycle;

/// <summary>The inventory's totals, for status.</summary>
public sealed record InventorySummary(long Revision, long Objects, long PlainText, long Stale, long Unreadable)
{
    /// <summary>The totals of <paramref name="report"/>.</summary>
    public static InventorySummary Of(InventoryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new InventorySummary(report.Revision, report.Objects, report.PlainText, report.Stale, report.UnreadableCount);
    }
}
