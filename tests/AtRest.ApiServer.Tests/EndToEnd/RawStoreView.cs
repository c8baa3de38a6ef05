using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>
/// The article's "hacker" view: the bytes at rest, read with <c>atrest etcdctl get</c> on the embedded store, or with the
/// real <c>etcdctl</c> on etcd (where <c>atrest etcdctl --endpoints</c> must print exactly the same bytes).
/// </summary>
internal sealed class RawStoreView
{
    private readonly string? _dataDirectory;
    private readonly string? _etcdEndpoint;

    private RawStoreView(string? dataDirectory, string? etcdEndpoint)
    {
        _dataDirectory = dataDirectory;
        _etcdEndpoint = etcdEndpoint;
    }

    /// <summary>Reads the embedded store of the server with <paramref name="dataDirectory"/>.</summary>
    public static RawStoreView Embedded(string dataDirectory) => new(dataDirectory, null);

    /// <summary>Reads etcd at <paramref name="endpoint"/>.</summary>
    public static RawStoreView Etcd(string endpoint) => new(null, endpoint);

    /// <summary>The stored value of <paramref name="key"/> as <c>etcdctl get KEY</c> prints it (key line, value line).</summary>
    public async Task<byte[]> GetAsync(string key)
    {
        var printed = await GetPrintedAsync(key);
        var text = Encoding.Latin1.GetString(printed);
        Assert.True(text.StartsWith(key + "\n", StringComparison.Ordinal), $"etcdctl get {key} printed no key line: {text}");
        Assert.EndsWith("\n", text);
        return printed[(Encoding.Latin1.GetByteCount(key) + 1)..^1];
    }

    /// <summary>Every key and value under <paramref name="prefix"/>, from <c>etcdctl get PREFIX --prefix -w json</c>.</summary>
    public async Task<IReadOnlyList<(string Key, byte[] Value)>> ListAsync(string prefix)
    {
        var json = await RunAsync(["get", prefix, "--prefix", "-w", "json"]);
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("kvs", out var kvs))
        {
            return [];
        }

        return kvs.EnumerateArray()
            .Select(kv => (Encoding.UTF8.GetString(kv.GetProperty("key").GetBytesFromBase64()),
                kv.TryGetProperty("value", out var value) ? value.GetBytesFromBase64() : []))
            .ToArray();
    }

    private async Task<byte[]> GetPrintedAsync(string key)
    {
        var printed = await RunAsync(["get", key]);
        if (_etcdEndpoint is not null)
        {
            // The same command through atrest's own view of etcd prints the same bytes.
            var (exit, stdout, stderr) = await AtRestServer.RunCliAsync(["etcdctl", "--endpoints", _etcdEndpoint, "get", key]);
            Assert.True(exit == 0, $"atrest etcdctl --endpoints failed: {stderr}");
            Assert.Equal(printed, stdout);
        }

        return printed;
    }

    private async Task<byte[]> RunAsync(IReadOnlyList<string> arguments)
    {
        if (_dataDirectory is not null)
        {
            var (exit, stdout, stderr) = await AtRestServer.RunCliAsync(["etcdctl", "--data-dir", _dataDirectory, .. arguments]);
            Assert.True(exit == 0, $"atrest etcdctl {string.Join(' ', arguments)} exited with {exit}: {stderr}");
            return stdout;
        }

        var info = new ProcessStartInfo(EtcdBinary.Ctl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["ETCDCTL_API"] = "3";
        foreach (var argument in (string[])["--endpoints", _etcdEndpoint!, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await copy;
        Assert.True(process.ExitCode == 0, $"etcdctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}");
        return output.ToArray();
    }
}
