using System.Diagnostics;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Kubectl;

/// <summary>Runs the real kubectl against a plain-HTTP server with a fresh HOME, cache and kubeconfig.</summary>
internal sealed class KubectlRunner : IDisposable
{
    private readonly TempDirectory home = new("kubectl-home");
    private readonly string kubeconfig;

    public KubectlRunner(Uri server)
    {
        kubeconfig = home.File("kubeconfig");
        File.WriteAllText(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: atrest
              cluster:
                server: {server.ToString().TrimEnd('/')}
            contexts:
            - name: atrest
              context:
                cluster: atrest
                user: atrest
            current-context: atrest
            users:
            - name: atrest
              user: {"{}"}
            """);
    }

    /// <summary>Runs a shell command line (so pipelines work) with kubectl's environment isolated.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string commandLine)
    {
        var start = new ProcessStartInfo("/bin/bash", ["-o", "pipefail", "-c", commandLine])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = home.Path,
        };
        start.Environment["HOME"] = home.Path;
        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["KUBECACHEDIR"] = home.File("cache");
        start.Environment["KUBE_EDITOR"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl did not finish: {commandLine}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => home.Dispose();
}
