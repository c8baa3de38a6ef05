using System.Diagnostics;
using System.Text;

namespace AtRest.Cli.Tests.Codec;

/// <summary>Runs the built <c>atrest.dll</c> (copied into the test output by the project reference) with raw stdin/stdout.</summary>
internal static class AtrestTool
{
    public static async Task<ToolResult> RunAsync(byte[] stdin, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "atrest.dll");
        Assert.True(File.Exists(dll), $"atrest.dll is missing from {AppContext.BaseDirectory}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool may exit (e.g. on a usage error) before reading its input.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"atrest {string.Join(' ', args)} did not exit; stderr: {await readErr}");
        }

        await copyOut;
        return new ToolResult(process.ExitCode, stdout.ToArray(), await readErr);
    }
}

/// <summary>What one run of the tool produced.</summary>
internal sealed record ToolResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);
}
