namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>
/// One command of a docs/security.md example and the lines written right under it (without their <c># </c>), which
/// are what it prints.
/// </summary>
internal sealed record SecurityDocStep(string Command, IReadOnlyList<string> Expected)
{
    /// <summary>
    /// Whether the command is shown failing: kubectl's <c>Error from server</c>, or <c>kubectl auth can-i</c>'s <c>no</c>
    /// (which exits 1).
    /// </summary>
    public bool ShownFailing => Expected.Any(line => line.StartsWith("Error from server", StringComparison.Ordinal) || line == "no");
}
