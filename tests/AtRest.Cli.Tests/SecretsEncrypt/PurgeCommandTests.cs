using System.Text;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Cli.Tests.SecretsEncrypt;

/// <summary>
/// <c>atrest secrets-encrypt purge</c>: a value overwritten by an encrypted one no longer lies in the SQLite file, its
/// WAL or shared memory; on etcd, old revisions are compacted away and members defragmented, with a warning about
/// older snapshots.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PurgeCommandTests
{
    private const string Key = "/registry/secrets/default/db";
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes("PLAINTEXT-MARKER-5d0e9b7a");

    [Fact]
    public async Task EmbeddedStore_KeepsNoTraceOfTheOverwrittenValue()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory("purge");
        var database = Path.Combine(dir.Path, "state.db");
        var encrypted = Encoding.ASCII.GetBytes("k8s:enc:aescbc:v1:key1:" + new string('x', 64));
        await using (var store = SqliteKeyValueStore.Open(new SqliteKeyValueStoreOptions { DatabasePath = database, CompactionInterval = TimeSpan.Zero }))
        {
            byte[] plain = [.. "k8s\0"u8, .. Marker, .. "-rest-of-the-secret"u8];
            var created = await store.CreateAsync(Key, plain, ct);
            var updated = await store.UpdateAsync(Key, encrypted, created.KeyValue!.ModRevision, ct);
            Assert.True(updated.Succeeded);
        }

        Assert.True(MarkerIn(database), "the overwritten plain text should still be in the files before the purge");

        var purged = await AtRestServer.RunCliAsync(["secrets-encrypt", "purge", "--data-dir", dir.Path], ct);

        Assert.True(purged.ExitCode == 0, purged.Stderr);
        Assert.Contains("purged embedded SQLite", Encoding.UTF8.GetString(purged.Stdout), StringComparison.Ordinal);
        Assert.False(MarkerIn(database), "the overwritten plain text is still in state.db, -wal or -shm after the purge");
        await using (var store = SqliteKeyValueStore.Open(new SqliteKeyValueStoreOptions { DatabasePath = database, CompactionInterval = TimeSpan.Zero }))
        {
            Assert.Equal(encrypted, (await store.GetAsync(Key, ct))!.Value);
        }
    }

    [Fact]
    public async Task EmbeddedStore_WithoutADatabase_IsAClearError()
    {
        using var dir = new TempDirectory("purge");

        var purged = await AtRestServer.RunCliAsync(["secrets-encrypt", "purge", "--data-dir", dir.Path], TestContext.Current.CancellationToken);

        Assert.Equal(1, purged.ExitCode);
        Assert.Contains($"no embedded store at {Path.Combine(dir.Path, "state.db")}", purged.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Etcd_CompactsOldRevisionsAndWarnsAboutSnapshots()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var etcd = await EtcdServer.StartAsync(cancellationToken: ct);
        long oldRevision;
        await using (var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints }))
        {
            var created = await store.CreateAsync(Key, Marker, ct);
            oldRevision = created.KeyValue!.ModRevision;
            Assert.True((await store.UpdateAsync(Key, "k8s:enc:aescbc:v1:key1:xxxx"u8.ToArray(), oldRevision, ct)).Succeeded);
        }

        var purged = await AtRestServer.RunCliAsync(["secrets-encrypt", "purge", "--etcd-servers", etcd.Endpoint], ct);

        Assert.True(purged.ExitCode == 0, purged.Stderr);
        Assert.Contains("1 member(s) defragmented", Encoding.UTF8.GetString(purged.Stdout), StringComparison.Ordinal);
        Assert.Contains("warning: etcd snapshots and backups taken before this purge still hold the old values", purged.Stderr, StringComparison.Ordinal);
        await using (var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints }))
        {
            await Assert.ThrowsAsync<CompactedException>(() => store.RangeAsync(new RangeRequest(Key, Revision: oldRevision), ct));
            Assert.Equal("k8s:enc:aescbc:v1:key1:xxxx"u8.ToArray(), (await store.GetAsync(Key, ct))!.Value);
        }

        // etcd holds its backend file under an exclusive lock; read it once the member is gone.
        etcd.Kill();
        var bolt = Path.Combine(etcd.DataDirectory, "member", "snap", "db");
        Assert.False(Contains(File.ReadAllBytes(bolt), Marker), "the old value is still in etcd's backend file after compaction and defragmentation");
    }

    private static bool MarkerIn(string database) =>
        new[] { database, database + "-wal", database + "-shm" }.Any(file => File.Exists(file) && Contains(File.ReadAllBytes(file), Marker));

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
