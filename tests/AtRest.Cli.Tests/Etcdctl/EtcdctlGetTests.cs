using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Cli.Tests.Etcdctl;

/// <summary>
/// <c>atrest etcdctl get</c> on the embedded store prints the bytes the real etcdctl 3.4 prints for the same keys and
/// values held in a real etcd (in JSON all but the header's ids and raft term); <c>atrest etcdctl --endpoints</c> on
/// that etcd prints them all.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class EtcdctlGetTests : IAsyncLifetime
{
    // Written twice more after the creates, in both stores, so that its version is 3.
    private const string UpdatedKey = "/registry/secrets/kube-system/other";

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
            await WriteEntriesAsync(sqlite);
        }

        _etcd = await EtcdServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var etcd = new EtcdKeyValueStore(new EtcdOptions { Endpoints = _etcd.Endpoints });
        await WriteEntriesAsync(etcd);
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

    [Theory]
    [InlineData("get", "/registry/secrets", "--prefix", "-w", "json")]
    [InlineData("get", "/registry/", "--prefix", "--keys-only", "-w", "json")]
    [InlineData("get", "/registry/", "--prefix", "--limit", "2", "-w", "json")]
    [InlineData("get", UpdatedKey, "-w", "json")]
    [InlineData("get", "/registry/secrets/default/missing", "-w", "json")]
    public async Task Json_output_is_byte_identical_to_the_real_etcdctl(params string[] arguments)
    {
        var expected = Encoding.UTF8.GetString(await RealEtcdctlAsync(arguments));
        Assert.Contains("\"cluster_id\":", expected, StringComparison.Ordinal);
        Assert.Equal(expected, Encoding.UTF8.GetString(await AtrestAsync(["etcdctl", "--endpoints", _etcd.Endpoint, .. arguments])));

        // The embedded store holds the same writes in the same order: only the header's ids and term are its own.
        var embedded = Encoding.UTF8.GetString(await AtrestAsync(["etcdctl", "--data-dir", _data.Path, .. arguments]));
        Assert.Equal(HeaderIds().Replace(expected, "<ids>$1"), HeaderIds().Replace(embedded, "<ids>$1"));
    }

    [Fact]
    public async Task Embedded_store_ids_are_stable_for_one_data_directory_and_differ_between_two()
    {
        using var other = new TempDirectory("etcdctl-other");
        await using (var sqlite = SqliteKeyValueStore.Open(Path.Combine(other.Path, "state.db")))
        {
            await WriteEntriesAsync(sqlite);
        }

        string[] get = ["get", "/registry/secrets", "--prefix", "-w", "json"];
        var first = Header(await AtrestAsync(["etcdctl", "--data-dir", _data.Path, .. get]));
        var again = Header(await AtrestAsync(["etcdctl", "--data-dir", _data.Path, .. get]));
        var elsewhere = Header(await AtrestAsync(["etcdctl", "--data-dir", other.Path, .. get]));

        Assert.Equal(first, again);
        Assert.NotEqual(0UL, first.ClusterId);
        Assert.NotEqual(0UL, first.MemberId);
        Assert.Equal(1UL, first.RaftTerm);
        Assert.NotEqual(first.ClusterId, elsewhere.ClusterId);
        Assert.NotEqual(first.MemberId, elsewhere.MemberId);
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

    private static async Task WriteEntriesAsync(IKeyValueStore store)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        foreach (var (key, value) in Entries)
        {
            Assert.True((await store.CreateAsync(key, value, cancellationToken)).Succeeded);
        }

        for (var i = 0; i < 2; i++)
        {
            var current = await store.GetAsync(UpdatedKey, cancellationToken);
            Assert.True((await store.UpdateAsync(UpdatedKey, Encoding.UTF8.GetBytes($"plain, written {i + 2} times"), current!.ModRevision, cancellationToken)).Succeeded);
        }
    }

    private static (ulong ClusterId, ulong MemberId, ulong RaftTerm) Header(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var header = document.RootElement.GetProperty("header");
        return (header.GetProperty("cluster_id").GetUInt64(), header.GetProperty("member_id").GetUInt64(), header.GetProperty("raft_term").GetUInt64());
    }

    [GeneratedRegex("\"cluster_id\":\\d+,\"member_id\":\\d+,(\"revision\":\\d+),\"raft_term\":\\d+")]
    private static partial Regex HeaderIds();

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
