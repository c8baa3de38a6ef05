using System.Security.Cryptography;
using System.Text;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.Storage.Tests.Sqlite;

/// <summary>
/// Old values must leave the files: after compaction the bytes of an overwritten or deleted value are in none of
/// the database, <c>-wal</c> and <c>-shm</c> files (secure_delete zeroes them, the TRUNCATE checkpoint empties the WAL).
/// </summary>
public sealed class SqliteSecureDeletionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Compaction_RemovesOverwrittenAndDeletedValuesFromEveryFile()
    {
        using var directory = new TempDirectory("sqlite-secure-delete");
        var database = directory.File("state.db");
        var overwritten = Marker();
        var deleted = Marker();
        await using var store = SqliteKeyValueStore.Open(new SqliteKeyValueStoreOptions { DatabasePath = database, CompactionInterval = TimeSpan.Zero });
        for (var i = 0; i < 50; i++)
        {
            await store.CreateAsync($"/registry/secrets/default/filler-{i}", RandomNumberGenerator.GetBytes(700), Token);
        }

        var secret = await store.CreateAsync("/registry/secrets/default/rotated", Encoding.ASCII.GetBytes(overwritten), Token);
        await store.UpdateAsync("/registry/secrets/default/rotated", Encoding.ASCII.GetBytes(Marker()), secret.KeyValue!.ModRevision, Token);
        var doomed = await store.CreateAsync("/registry/secrets/default/removed", Encoding.ASCII.GetBytes(deleted), Token);
        await store.DeleteAsync("/registry/secrets/default/removed", doomed.KeyValue!.ModRevision, Token);
        for (var i = 0; i < 50; i++)
        {
            await store.CreateAsync($"/registry/secrets/default/later-{i}", RandomNumberGenerator.GetBytes(700), Token);
        }

        Assert.True(FilesContain(database, overwritten), "the overwritten marker is not in the files before compaction, so the test proves nothing");
        Assert.True(FilesContain(database, deleted), "the deleted marker is not in the files before compaction, so the test proves nothing");

        await store.CompactAsync(await store.CurrentRevisionAsync(Token), Token);

        Assert.False(FilesContain(database, overwritten), "the overwritten value's bytes are still in a database file after compaction");
        Assert.False(FilesContain(database, deleted), "the deleted value's bytes are still in a database file after compaction");
        Assert.Equal(101, await store.CountAsync("/registry/secrets/", Token));
    }

    // 32 random bytes as hex: 64 ASCII characters that appear nowhere by chance.
    private static string Marker() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    private static bool FilesContain(string database, string marker)
    {
        var needle = Encoding.ASCII.GetBytes(marker);
        return new[] { database, database + "-wal", database + "-shm" }
            .Where(File.Exists)
            .Any(path => ReadShared(path).AsSpan().IndexOf(needle) >= 0);
    }

    // The store keeps the files open; read them as they are on disk.
    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
