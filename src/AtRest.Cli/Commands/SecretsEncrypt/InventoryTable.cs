using System.Globalization;
using AtRest.ApiServer.Lifecycle;
using Spectre.Console;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>The inventory as tables: one row per resource, then the unreadable objects and what to do.</summary>
internal static class InventoryTable
{
    private const int ListedUnreadable = 20;

    /// <summary>Writes the tables.</summary>
    public static void Write(IAnsiConsole console, InventoryReport report)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "RESOURCE", "WRITE KEY", "OBJECTS", "BY KEY", "PLAIN TEXT", "STALE", "UNREADABLE", "OLD REVISIONS (PLAIN/OLD KEY)" })
        {
            table.AddColumn(new TableColumn(column).NoWrap());
        }

        foreach (var resource in report.Resources)
        {
            var byKey = string.Join("\n", resource.ByKey.Select(pair => $"{pair.Key} {Count(pair.Value)}"));
            var history = report.HistoryScanned
                ? $"{Count(resource.HistoryValues)} ({Count(resource.HistoryPlainText)}/{Count(resource.HistoryOldKey)})"
                : "not scanned";
            table.AddRow(Text(resource.Resource), Text(resource.WriteKey), Text(Count(resource.Objects)), Text(byKey.Length == 0 ? "-" : byKey),
                Text(Count(resource.PlainText)), Text(Count(resource.Stale)), Text(Count(resource.Unreadable)), Text(history));
        }

        console.Write(table);
        console.WriteLine($"{Count(report.Objects)} objects at revision {report.Revision.ToString(CultureInfo.InvariantCulture)} read with {report.ConfigHash}; "
            + $"{Count(report.PlainText)} in plain text that should be encrypted, {Count(report.Stale)} stale, {Count(report.UnreadableCount)} unreadable"
            + (report.HistoryScanned ? $", {Count(report.HistoryExposed)} old revisions with plain text or an old key" : string.Empty)
            + (report.UnrecognizedKeys > 0 ? $", {Count(report.UnrecognizedKeys)} keys of other resources not read" : string.Empty));
        if (report.Unreadable.Count > 0)
        {
            var unreadable = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("UNREADABLE KEY").NoWrap()).AddColumn("REASON");
            foreach (var entry in report.Unreadable.Take(ListedUnreadable))
            {
                unreadable.AddRow(Text(entry.Key), Text(entry.Reason));
            }

            console.Write(unreadable);
            if (report.UnreadableCount > ListedUnreadable)
            {
                console.WriteLine($"... and {Count(report.UnreadableCount - ListedUnreadable)} more (-o json lists up to {InventoryReport.MaxListedUnreadable})");
            }
        }

        foreach (var resource in report.Resources.Where(r => r.PlainText > 0))
        {
            console.WriteLine($"{resource.Resource} in plain text: {string.Join(", ", resource.PlainTextKeys)}{(resource.PlainText > resource.PlainTextKeys.Count ? ", ..." : string.Empty)}");
        }
    }

    private static Text Text(string value) => new(value);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
