using System.Text;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Tests.Sqlite;

/// <summary>
/// A schema 1 file (no version column) opens as the current schema with each live key's version counted from its rows;
/// a schema 2 file (no expiry table) gains the table and expires keys written with a time to live.
/// </summary>
public sealed class SqliteSchemaMigrationTests : IDisposable
{
    // Schema 1 as AtRest wrote it: /a created at 2 and updated at 3, /b created at 4, /c created at 5 and deleted at 6.
    private const string SchemaOneFile = """
        CREATE TABLE kv (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created INTEGER NOT NULL,
            deleted INTEGER NOT NULL, create_revision INTEGER NOT NULL, prev_revision INTEGER NOT NULL, value BLOB NOT NULL);
        CREATE UNIQUE INDEX kv_name_prev_revision ON kv (name, prev_revision);
        CREATE INDEX kv_name_id ON kv (name, id);
        CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO meta (name, value) VALUES ('compacted', 0);
        INSERT INTO kv VALUES (2, '/a', 1, 0, 0, 0, x'6131');
        INSERT INTO kv VALUES (3, '/a', 0, 0, 2, 2, x'6132');
        INSERT INTO kv VALUES (4, '/b', 1, 0, 0, 0, x'6231');
        INSERT INTO kv VALUES (5, '/c', 1, 0, 0, 0, x'6331');
        INSERT INTO kv VALUES (6, '/c', 0, 1, 5, 5, x'');
        PRAGMA user_version=1;
        """;

    private readonly TempDirectory directory = new("sqlite-migration");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Opening_a_schema_1_file_adds_versions_and_later_writes_continue_them()
    {
        var file = directory.File("state.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SchemaOneFile;
            command.ExecuteNonQuery();
        }

        await using (var store = SqliteKeyValueStore.Open(file))
        {
            var a = await store.GetAsync("/a", Token);
            Assert.Equal(2, a!.Version);
            Assert.Equal(1, (await store.GetAsync("/b", Token))!.Version);
            Assert.Null(await store.GetAsync("/c", Token));
            Assert.Equal([2L, 1L], (await store.RangeAsync(new RangeRequest("/"), Token)).Items.Select(item => item.Version));

            var updated = await store.UpdateAsync("/a", Encoding.UTF8.GetBytes("a3"), a.ModRevision, Token);
            Assert.Equal(3, updated.KeyValue!.Version);
            Assert.Equal(1, (await store.CreateAsync("/c", Encoding.UTF8.GetBytes("c2"), Token)).KeyValue!.Version);
        }

        using var check = new SqliteConnection($"Data Source={file};Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        Assert.Equal(3L, (long)version.ExecuteScalar()!);
    }

    [Fact]
    public async Task Opening_a_schema_2_file_adds_the_expiry_table_and_keys_then_expire()
    {
        var file = directory.File("state2.db");
        await using (var store = SqliteKeyValueStore.Open(file))
        {
            await store.CreateAsync("/kept", Encoding.UTF8.GetBytes("k"), Token);
        }

        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var downgrade = connection.CreateCommand();
            downgrade.CommandText = "DROP TABLE expiry; PRAGMA user_version=2;";
            downgrade.ExecuteNonQuery();
        }

        await using (var store = SqliteKeyValueStore.Open(file))
        {
            var start = await store.CurrentRevisionAsync(Token);
            await store.CreateAsync("/ttl", Encoding.UTF8.GetBytes("t"), TimeSpan.FromMilliseconds(200), Token);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            await foreach (var e in store.WatchAsync("/ttl", start, deadline.Token))
            {
                if (e.Type == WatchEventType.Delete)
                {
                    break;
                }
            }

            Assert.Null(await store.GetAsync("/ttl", Token));
            Assert.NotNull(await store.GetAsync("/kept", Token));
        }

        using var check = new SqliteConnection($"Data Source={file};Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        Assert.Equal(3L, (long)version.ExecuteScalar()!);
    }
}
