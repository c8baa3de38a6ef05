using System.Diagnostics;

namespace AtRest.Cli.Tests.Encryption;

/// <summary>
/// The documented workflow against a real etcd: <c>atrest encryption encrypt | etcdctl put</c>, then
/// <c>etcdctl get --print-value-only | atrest encryption decrypt</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EtcdctlPipelineTests
{
    private const string Key = "/registry/secrets/default/s1";

    [Fact]
    public async Task ValueStoredWithEtcdctlDecryptsFromEtcdctlOutput()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var etcd = await EtcdProcess.StartAsync(ct);
        using var dir = new AtRest.Tests.Shared.TempDirectory("cli");
        var config = dir.File("config.yaml");
        var generated = await AtrestProcess.RunAsync(null, dir.Path, "encryption", "generate-config", "--provider", "secretbox", "-o", config);
        Assert.True(generated.ExitCode == 0, generated.Stderr);

        var plaintext = "k8s\0binary\nvalue\0"u8.ToArray();
        var stored = await AtrestProcess.RunAsync(plaintext, dir.Path, "encryption", "encrypt", "--encryption-provider-config", config, "--key", Key);
        Assert.True(stored.ExitCode == 0, stored.Stderr);

        var put = await EtcdctlAsync(etcd, stored.Stdout, "put", Key);
        Assert.True(put.ExitCode == 0, $"etcdctl put failed: {put.Stderr}\n{etcd.Log}");
        var get = await EtcdctlAsync(etcd, null, "get", "--print-value-only", Key);
        Assert.True(get.ExitCode == 0, $"etcdctl get failed: {get.Stderr}\n{etcd.Log}");
        Assert.Equal([.. stored.Stdout, (byte)'\n'], get.Stdout);

        var decrypted = await AtrestProcess.RunAsync(get.Stdout, dir.Path, "encryption", "decrypt", "--encryption-provider-config", config, "--key", Key);
        Assert.True(decrypted.ExitCode == 0, decrypted.Stderr);
        Assert.Equal(plaintext, decrypted.Stdout);
        Assert.Contains("read by k8s:enc:secretbox:v1:key1: (the current write key)", decrypted.Stderr, StringComparison.Ordinal);
    }

    private static async Task<AtrestProcess.Result> EtcdctlAsync(EtcdProcess etcd, byte[]? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("etcdctl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ETCDCTL_API"] = "3";
        start.ArgumentList.Add("--endpoints");
        start.ArgumentList.Add(etcd.Endpoint);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var ct = TestContext.Current.CancellationToken;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start etcdctl");
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, ct);
        }

        process.StandardInput.Close();
        await copy;
        await process.WaitForExitAsync(ct);
        return new AtrestProcess.Result(process.ExitCode, stdout.ToArray(), await stderr);
    }
}
