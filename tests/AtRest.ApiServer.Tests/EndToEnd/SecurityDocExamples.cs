using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>
/// Reads the <c>```sh</c> blocks of one section of docs/security.md as <see cref="SecurityDocStep"/>s, in order: every
/// line is a command, except <c>#</c> lines right under a command (or under such a line), which are its output.
/// </summary>
internal static class SecurityDocExamples
{
    /// <summary>The steps of the section whose heading is <paramref name="heading"/> (e.g. <c>## RBAC</c>).</summary>
    public static IReadOnlyList<SecurityDocStep> Read(string heading)
    {
        var text = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "docs", "security.md"));
        var start = text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"docs/security.md has no \"{heading}\" section");
        }

        var end = text.IndexOf("\n## ", start + heading.Length + 1, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        var steps = new List<SecurityDocStep>();
        var inBlock = false;
        string? command = null;
        var expected = new List<string>();
        foreach (var line in section.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                inBlock = !inBlock && line == "```sh";
                continue;
            }

            if (!inBlock)
            {
                continue;
            }

            if (line.StartsWith('#') && command is not null)
            {
                expected.Add(line.Length > 1 ? line[2..] : "");
            }
            else if (line.Trim().Length > 0)
            {
                if (line.StartsWith('#'))
                {
                    throw new InvalidOperationException($"docs/security.md {heading}: output line \"{line}\" is under no command");
                }

                Flush();
                command = line;
            }
        }

        Flush();
        return steps;

        void Flush()
        {
            if (command is not null)
            {
                steps.Add(new SecurityDocStep(command, [.. expected]));
            }

            command = null;
            expected.Clear();
        }
    }
}
