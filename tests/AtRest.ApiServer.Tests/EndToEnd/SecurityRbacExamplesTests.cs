using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>
/// The worked examples of docs/security.md's RBAC section, run as written with the real kubectl, <c>./atrest</c> and jq
/// against a real server: its <c>./atrest server</c> line starts the server (relative paths in its flags are the
/// repository's files, or new files in the test's working folder), with HOME a fresh folder so the default data
/// directory <c>~/.local/share/atrest</c> of the examples is the server's. Every other line runs in one bash session, in
/// order; a command must exit 0 unless the docs show it failing, and each output line the docs show must begin a line
/// it printed (runs of spaces count as one, so table columns may be wider).
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class SecurityRbacExamplesTests
{
    private const string Heading = "## RBAC";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void The_section_has_a_server_line_and_commands_with_output()
    {
        var steps = SecurityDocExamples.Read(Heading);
        Assert.Single(steps, step => step.Command.StartsWith("./atrest server ", StringComparison.Ordinal));
        Assert.True(steps.Count(step => step.Expected.Count > 0) >= 15, $"only {steps.Count(step => step.Expected.Count > 0)} commands show output");
        Assert.Contains(steps, step => step.ShownFailing);
    }

    [Fact]
    public async Task Every_example_does_what_the_docs_show()
    {
        var steps = SecurityDocExamples.Read(Heading);
        using var scratch = new TempDirectory("security-rbac-docs");
        var home = scratch.File("home");
        var work = scratch.File("work");
        var output = scratch.File("output");
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(output);
        var serverLine = steps.Single(step => step.Command.StartsWith("./atrest server ", StringComparison.Ordinal));
        var flags = serverLine.Command["./atrest server ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(argument => Resolve(argument, work)).ToList();
        await using var server = await AtRestServer.StartAsync(Path.Combine(home, ".local", "share", "atrest"), flags, TestContext.Current.CancellationToken);

        var commands = steps.Where(step => step != serverLine).ToList();
        var script = new StringBuilder("set -o pipefail\n")
            .Append("kubectl() { \"$EXAMPLE_KUBECTL\" \"$@\"; }\n")
            .Append("./atrest() { dotnet \"$EXAMPLE_ATREST_DLL\" \"$@\"; }\n");
        for (var i = 0; i < commands.Count; i++)
        {
            script.Append("{ ").Append(commands[i].Command).Append("\n} >\"$EXAMPLE_OUTPUT/").Append(i).Append(".out\" 2>\"$EXAMPLE_OUTPUT/")
                .Append(i).Append(".err\"; echo $? >\"$EXAMPLE_OUTPUT/").Append(i).Append(".rc\"\n");
        }

        await RunBashAsync(script.ToString(), work, home, output);

        var wrong = new List<string>();
        for (var i = 0; i < commands.Count; i++)
        {
            var step = commands[i];
            var rcFile = Path.Combine(output, $"{i}.rc");
            if (!File.Exists(rcFile))
            {
                wrong.Add($"`{step.Command}` did not run");
                continue;
            }

            var exit = int.Parse((await File.ReadAllTextAsync(rcFile, TestContext.Current.CancellationToken)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var printed = await File.ReadAllTextAsync(Path.Combine(output, $"{i}.out"), TestContext.Current.CancellationToken) + "\n"
                + await File.ReadAllTextAsync(Path.Combine(output, $"{i}.err"), TestContext.Current.CancellationToken);
            var lines = printed.Split('\n').Select(Collapse).ToList();
            var missing = step.Expected.Where(expected => !lines.Any(line => line.StartsWith(Collapse(expected), StringComparison.Ordinal))).ToList();
            if ((exit == 0) == step.ShownFailing || missing.Count > 0)
            {
                wrong.Add($"`{step.Command}` exited {exit} (docs: {(step.ShownFailing ? "fails" : "succeeds")}); " +
                    $"lines the docs show but it did not print: [{string.Join(" | ", missing)}]\nprinted:\n{printed}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n\n", wrong) + "\n\nserver log:\n" + server.Log);

        // The examples' secret values went through the audit log as fingerprints only.
        var auditLog = await File.ReadAllTextAsync(Path.Combine(work, "audit.log"), TestContext.Current.CancellationToken);
        foreach (var value in new[] { "s3cr3t", "hunter2" })
        {
            Assert.DoesNotContain(value, auditLog, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), auditLog, StringComparison.Ordinal);
        }
    }

    // A flag value that names a file of the repository (docs/audit-policy.yaml) is that file; another relative path is
    // a new file in the working folder.
    private static string Resolve(string argument, string work)
    {
        if (argument.StartsWith('-') || Path.IsPathRooted(argument))
        {
            return argument;
        }

        var inRepository = Path.Combine(SharedData.RepositoryRoot, argument);
        return File.Exists(inRepository) ? inRepository : Path.Combine(work, argument);
    }

    private static async Task RunBashAsync(string script, string work, string home, string output)
    {
        // The script is a file and stdin is empty, so no command can read the lines after it.
        var file = Path.Combine(output, "examples.sh");
        await File.WriteAllTextAsync(file, script, TestContext.Current.CancellationToken);
        var info = new ProcessStartInfo("/bin/bash", [file])
        {
            WorkingDirectory = work,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Directory.CreateDirectory(home);
        info.Environment["HOME"] = home;
        info.Environment["KUBECACHEDIR"] = Path.Combine(home, "kube-cache");
        info.Environment.Remove("KUBECONFIG");
        info.Environment.Remove("XDG_DATA_HOME");
        info.Environment["EXAMPLE_KUBECTL"] = KubectlBinaries.Dispatcher;
        info.Environment["EXAMPLE_ATREST_DLL"] = AtRestServer.AtrestDll;
        info.Environment["EXAMPLE_OUTPUT"] = output;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the examples did not finish within {ScriptTimeout.TotalMinutes} minutes: {await stdout} {await stderr}");
        }
    }

    private static string Collapse(string line) => Spaces().Replace(line.Trim(), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
