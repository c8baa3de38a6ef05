using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Cli.Tests.Etcdctl;

/// <summary>
/// <c>atrest etcdctl get</c> on the embedded store prints the bytes the real etcdctl 3.4 prints for the same keys and
/// values held in a real etcd; <c>atrest etcdctl --endpoints</c> on that etcd prints them too.
/// </summary>
public sealed class EtcdctlGetTests : IAsyncLifetime
{
    private static readonly (string Key, byte[] Value)[] Entries =
    [
        ("/registry/secrets/default/secret1", [.. "k8s\0\n\u0002v1\u0012\u0006Secret\n"u8, 0xff, 0x00, (byte)'\n', .. "user=admin"u8]),
        ("/registry/secrets/default/secret2", Encoding.Latin1.GetBytes("k8s:enc:aescbc:v1:key1:\u0001\u0002\n\u0003")),
        ("/registry/secrets/kube-system/other", "plain"u8.ToArray()),
        ("/registry/configmaps/default/cm", "cm-value"u8.ToArray()),
    ];

    private readonly TempDirectory _data = new("etcdctl");
    private EtcdServer _etcd = null!;

    public async ValueTask InitializeAsync()
    {
        await using (var sqlite = SqliteKeyValueStore.Open(Path.Combine(_data.Path, "state.db")))
        {
            foreach (var (key, value) in Entries)
            {
                Assert.True((await sqlite.CreateAsync(key, value, TestContext.Current.CancellationToken)).Succeeded);
            }
        }

        _etcd = await EtcdServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var etcd = new EtcdKeyValueStore(new EtcdOptions { Endpoints = _etcd.Endpoints });
        foreach (var (key, value) in Entries)
        {
            Assert.True((await etcd.CreateAsync(key, value, TestContext.Current.CancellationToken)).Succeeded);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _etcd.DisposeAsync();
        _data.Dispose();
    }

    [Theory]
    [InlineData("get", "/registry/secrets/default/secret1")]
    [InlineData("get", "/registry/secrets/default/missing")]
    [InlineData("get", "/registry/secrets", "--prefix")]
    [InlineData("get", "/registry/", "--prefix", "--keys-only")]
    [InlineData("get", "/registry/secrets/default/secret2", "--print-value-only")]
    [InlineData("get", "/registry/secrets", "--prefix", "--print-value-only")]
    public async Task Simple_output_matches_the_real_etcdctl(params string[] arguments)
    {
        var expected = await RealEtcdctlAsync(arguments);
        Assert.Equal(expected, await AtrestAsync(["etcdctl", "--data-dir", _data.Path, .. arguments]));
        Assert.Equal(expected, await AtrestAsync(["etcdctl", "--endpoints", _etcd.Endpoint, .. arguments]));
    }

    [Fact]
    public async Task Json_output_has_etcdctl_shape_with_base64_keys_and_values()
    {
        using var real = JsonDocument.Parse(await RealEtcdctlAsync(["get", "/registry/secrets", "--prefix", "-w", "json"]));
        using var ours = JsonDocument.Parse(await AtrestAsync(["etcdctl", "--data-dir", _data.Path, "get", "/registry/secrets", "--prefix", "-w", "json"]));
        Assert.True(ours.RootElement.GetProperty("header").GetProperty("revision").GetInt64() > 0);
        Assert.Equal(real.RootElement.GetProperty("count").GetInt64(), ours.RootElement.GetProperty("count").GetInt64());
        var realKvs = real.RootElement.GetProperty("kvs").EnumerateArray().Select(kv => (kv.GetProperty("key").GetString(), kv.GetProperty("value").GetString())).ToArray();
        var ourKvs = ours.RootElement.GetProperty("kvs").EnumerateArray().Select(kv => (kv.GetProperty("key").GetString(), kv.GetProperty("value").GetString())).ToArray();
        Assert.Equal(realKvs, ourKvs);
        foreach (var kv in ours.RootElement.GetProperty("kvs").EnumerateArray())
        {
            Assert.True(kv.GetProperty("create_revision").GetInt64() > 0);
            Assert.True(kv.GetProperty("mod_revision").GetInt64() > 0);
        }
    }

    [Fact]
    public async Task Missing_embedded_store_is_a_clear_error()
    {
        using var empty = new TempDirectory("etcdctl-empty");
        var (exit, _, stderr) = await AtRestServer.RunCliAsync(["etcdctl", "--data-dir", empty.Path, "get", "/registry/x"], TestContext.Current.CancellationToken);
        Assert.Equal(1, exit);
        Assert.Contains($"no embedded store at {Path.Combine(empty.Path, "state.db")}", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(empty.Path, "state.db")));
    }

    private static async Task<byte[]> AtrestAsync(string[] arguments)
    {
        var (exit, stdout, stderr) = await AtRestServer.RunCliAsync(arguments, TestContext.Current.CancellationToken);
        Assert.True(exit == 0, $"atrest {string.Join(' ', arguments)} exited with {exit}: {stderr}");
        return stdout;
    }

    private async Task<byte[]> RealEtcdctlAsync(string[] arguments)
    {
        var info = new ProcessStartInfo(EtcdBinary.Ctl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["ETCDCTL_API"] = "3";
        foreach (var argument in (string[])["--endpoints", _etcd.Endpoint, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await copy;
        Assert.True(process.ExitCode == 0, $"etcdctl failed: {await errors}");
        return output.ToArray();
    }
}
