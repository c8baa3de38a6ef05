using System.Diagnostics;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>
/// Runs the real kubectl (the dispatcher on PATH, or another binary) against a server, with a fresh HOME and
/// KUBECACHEDIR so that no discovery or /version cache from another run is used.
/// </summary>
internal sealed class Kubectl(string binary, string kubeconfig, string scratchDirectory)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The kubectl binary this runs.</summary>
    public string Binary => binary;

    /// <summary>Runs <c>kubectl <paramref name="arguments"/></c>.</summary>
    public Task<KubectlResult> RunAsync(params string[] arguments) => RunAsync(arguments, stdin: null, editor: null);

    /// <summary>Runs <c>kubectl <paramref name="arguments"/></c> with <paramref name="stdin"/> and an optional KUBE_EDITOR.</summary>
    public async Task<KubectlResult> RunAsync(IReadOnlyList<string> arguments, string? stdin, string? editor)
    {
        var info = StartInfo(binary, editor);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return await RunProcessAsync(info, $"kubectl {string.Join(' ', arguments)}", stdin);
    }

    /// <summary>Runs a bash pipeline in which <c>kubectl</c> is this binary, e.g. the article's get | replace.</summary>
    public async Task<KubectlResult> ShellAsync(string script)
    {
        var info = StartInfo("/bin/bash", editor: null);
        info.ArgumentList.Add("-o");
        info.ArgumentList.Add("pipefail");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"kubectl() {{ '{binary}' \"$@\"; }}\n{script}");
        return await RunProcessAsync(info, script, stdin: null);
    }

    /// <summary>Starts a long-running kubectl (e.g. <c>get -w</c>) whose stdout lines the caller reads.</summary>
    public Process Start(params string[] arguments)
    {
        var info = StartInfo(binary, editor: null);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"cannot start {binary}");
    }

    private ProcessStartInfo StartInfo(string fileName, string? editor)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var home = Path.Combine(scratchDirectory, "home");
        Directory.CreateDirectory(home);
        info.Environment["HOME"] = home;
        info.Environment["KUBECACHEDIR"] = Path.Combine(scratchDirectory, "kube-cache");
        info.Environment["KUBECONFIG"] = kubeconfig;
        info.Environment.Remove("KUBE_EDITOR");
        info.Environment.Remove("EDITOR");
        if (editor is not null)
        {
            info.Environment["KUBE_EDITOR"] = editor;
        }

        return info;
    }

    private static async Task<KubectlResult> RunProcessAsync(ProcessStartInfo info, string description, string? stdin)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {info.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new KubectlResult(description, -1, await stdout, await stderr + $"\n(killed after {CommandTimeout.TotalSeconds} s)");
        }

        return new KubectlResult(description, process.ExitCode, await stdout, await stderr);
    }
}
