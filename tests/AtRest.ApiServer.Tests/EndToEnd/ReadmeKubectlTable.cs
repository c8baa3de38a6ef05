using System.Text.RegularExpressions;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>
/// Reads the table under the README's "kubectl commands" heading. A row is
/// <c>| `command` | yes\|no | what you see |</c>; in a "no" row the first back-quoted text of the last cell is the
/// error kubectl prints. Pipes inside a cell are written <c>\|</c>, as Markdown needs.
/// </summary>
internal static partial class ReadmeKubectlTable
{
    private const string Heading = "## kubectl commands";

    /// <summary>The rows, in README order.</summary>
    public static IReadOnlyList<ReadmeCommandRow> Read()
    {
        var readme = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "README.md"));
        var start = readme.IndexOf(Heading, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"README.md has no \"{Heading}\" section");
        }

        var end = readme.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        return section.Split('\n')
            .Select(line => Row().Match(line))
            .Where(match => match.Success)
            .Select(match => new ReadmeCommandRow(
                Unescape(match.Groups["command"].Value),
                match.Groups["served"].Value == "yes",
                Unescape(FirstQuoted().Match(match.Groups["note"].Value) is { Success: true } quoted ? quoted.Groups[1].Value : "")))
            .ToArray();
    }

    private static string Unescape(string cell) => cell.Replace("\\|", "|", StringComparison.Ordinal);

    [GeneratedRegex(@"^\| `(?<command>kubectl .+?)` \| (?<served>yes|no) \|(?<note>.*)\|\s*$")]
    private static partial Regex Row();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex FirstQuoted();
}
