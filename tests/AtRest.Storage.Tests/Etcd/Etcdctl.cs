using System.Diagnostics;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>Runs the real etcdctl (v3 API) and returns its raw stdout bytes.</summary>
internal static class Etcdctl
{
    public static async Task<byte[]> RunAsync(string endpoint, byte[]? stdin, CancellationToken cancellationToken, params string[] arguments)
    {
        var info = new ProcessStartInfo(EtcdBinary.Ctl)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ETCDCTL_API"] = "3";
        info.ArgumentList.Add($"--endpoints={endpoint}");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, cancellationToken);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        await copy;
        return process.ExitCode == 0
            ? stdout.ToArray()
            : throw new InvalidOperationException($"etcdctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}");
    }
}
