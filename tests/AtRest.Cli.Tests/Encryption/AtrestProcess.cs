using System.Diagnostics;
using System.Text;

namespace AtRest.Cli.Tests.Encryption;

/// <summary>Runs the real built <c>atrest</c> (copied beside the tests) as a child process, binary-safe on stdin/stdout.</summary>
internal static class AtrestProcess
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => Encoding.UTF8.GetString(Stdout);
    }

    public static async Task<Result> RunAsync(byte[]? stdin, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "atrest.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var ct = TestContext.Current.CancellationToken;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start atrest");
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, ct);
        var readErr = process.StandardError.ReadToEndAsync(ct);
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, ct);
        }

        process.StandardInput.Close();
        await copyOut;
        var stderr = await readErr;
        await process.WaitForExitAsync(ct);
        return new Result(process.ExitCode, stdout.ToArray(), stderr);
    }
}
