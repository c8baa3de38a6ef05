using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>The SQL text of the SQLite backend, in one place.</summary>
/// <remarks>
/// The table is a log, as in kine: every write appends a row and the row id is the new global revision.
/// <code>
///   id               revision of this change (AUTOINCREMENT: never reused, even after compaction)
///   name             the key
///   created          1 when this row starts a new incarnation of the key; its create revision is then its own id
///   deleted          1 for a tombstone (value empty)
///   create_revision  the incarnation's create revision (0 on created rows, see above)
///   prev_revision    id of the key's previous row (0 for the first); UNIQUE with name, so two writers that
///                    read the same previous row cannot both append after it
///   value            the stored bytes
///   version          etcd's version: 1 on a created row, the previous row's + 1 on an update, 0 on a tombstone
///                    (kept in the row because compaction deletes the rows a count would need; schema 2)
/// </code>
/// Table <c>expiry</c> (schema 3) holds the keys written with a time to live: <c>name</c>, the <c>id</c> of the row
/// that set it and <c>expires</c> (Unix milliseconds). The sweeper deletes a key whose newest row is still that row
/// once it has expired; a later write without a TTL leaves a newer row, so the key stays (as a put without a lease).
/// A key's current entry is its row with the highest id; at revision R it is its highest id &lt;= R.
/// Upper prefix bounds are bound as blobs and cast to text because UTF-8 never contains the bytes
/// 0xF5..0xFF, so "prefix with its last byte plus one" is a strict upper bound that needs no carry.
/// </remarks>
internal static class SqliteSql
{
    /// <summary>Bumped when the layout changes; stored in <c>PRAGMA user_version</c>.</summary>
    public const int SchemaVersion = 3;

    public const string CreateSchema = """
        CREATE TABLE IF NOT EXISTS kv (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            created INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            value BLOB NOT NULL,
            version INTEGER NOT NULL DEFAULT 0);
        CREATE UNIQUE INDEX IF NOT EXISTS kv_name_prev_revision ON kv (name, prev_revision);
        CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO meta (name, value) VALUES ('compacted', 0) ON CONFLICT (name) DO NOTHING;
        CREATE TABLE IF NOT EXISTS expiry (name TEXT PRIMARY KEY, id INTEGER NOT NULL, expires INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS expiry_expires ON expiry (expires);
        INSERT INTO sqlite_sequence (name, seq) SELECT 'kv', 1 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'kv');
        """;

    // Schema 1 had no version column: a live row's version is the number of rows of its incarnation up to it, which
    // is exact until compaction has deleted some of them (then it is the count of those left, at least 1).
    public const string MigrateToVersion2 = """
        ALTER TABLE kv ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        UPDATE kv SET version = (
            SELECT COUNT(*) FROM kv AS p
            WHERE p.name = kv.name AND p.id <= kv.id AND p.id >= CASE WHEN kv.created = 1 THEN kv.id ELSE kv.create_revision END)
        WHERE deleted = 0;
        """;

    public const string MigrateToVersion3 = """
        CREATE TABLE IF NOT EXISTS expiry (name TEXT PRIMARY KEY, id INTEGER NOT NULL, expires INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS expiry_expires ON expiry (expires);
        """;

    public static readonly SqliteStatement SetExpiry = new("""
        INSERT INTO expiry (name, id, expires) VALUES ($name, $id, $expires)
        ON CONFLICT (name) DO UPDATE SET id = excluded.id, expires = excluded.expires
        """, ("$name", SqliteType.Text), ("$id", SqliteType.Integer), ("$expires", SqliteType.Integer));

    public static readonly SqliteStatement Expired = new("""
        SELECT name, id FROM expiry WHERE expires <= $now ORDER BY expires LIMIT $limit
        """, ("$now", SqliteType.Integer), ("$limit", SqliteType.Integer));

    public static readonly SqliteStatement DropExpiry = new("""
        DELETE FROM expiry WHERE name = $name AND id = $id
        """, ("$name", SqliteType.Text), ("$id", SqliteType.Integer));

    public static readonly SqliteStatement Begin = new("BEGIN");

    public static readonly SqliteStatement BeginImmediate = new("BEGIN IMMEDIATE");

    public static readonly SqliteStatement Commit = new("COMMIT");

    public static readonly SqliteStatement Rollback = new("ROLLBACK");

    public static readonly SqliteStatement Revisions = new("""
        SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'kv'), (SELECT value FROM meta WHERE name = 'compacted')
        """);

    public static readonly SqliteStatement Latest = new("""
        SELECT id, created, deleted, create_revision, value, version FROM kv WHERE name = $name ORDER BY id DESC LIMIT 1
        """, ("$name", SqliteType.Text));

    // The writer passes the id itself (the sequence + 1, inside its IMMEDIATE transaction): the same id
    // AUTOINCREMENT would pick, and about half the cost of INSERT ... RETURNING id. SQLite still advances the sequence.
    public static readonly SqliteStatement Append = new("""
        INSERT INTO kv (id, name, created, deleted, create_revision, prev_revision, value, version)
        VALUES ($id, $name, $created, $deleted, $create_revision, $prev_revision, COALESCE($value, x''), $version)
        """, ("$id", SqliteType.Integer), ("$name", SqliteType.Text), ("$created", SqliteType.Integer), ("$deleted", SqliteType.Integer), ("$create_revision", SqliteType.Integer), ("$prev_revision", SqliteType.Integer), ("$value", SqliteType.Blob), ("$version", SqliteType.Integer));

    // MAX(id) makes SQLite take the bare columns from the row with the highest id (documented behaviour for a
    // single min/max aggregate), so each group yields the key's entry as of $revision; HAVING drops tombstones.
    public static readonly SqliteStatement Range = new("""
        SELECT name, MAX(id), created, create_revision, value, deleted, version
        FROM kv
        WHERE name >= $low AND name < CAST($high AS TEXT) AND id <= $revision
        GROUP BY name HAVING deleted = 0
        ORDER BY name
        LIMIT $limit
        """, ("$low", SqliteType.Text), ("$high", SqliteType.Blob), ("$revision", SqliteType.Integer), ("$limit", SqliteType.Integer));

    public static readonly SqliteStatement RangeKeysOnly = new("""
        SELECT name, MAX(id), created, create_revision, deleted, version
        FROM kv
        WHERE name >= $low AND name < CAST($high AS TEXT) AND id <= $revision
        GROUP BY name HAVING deleted = 0
        ORDER BY name
        LIMIT $limit
        """, ("$low", SqliteType.Text), ("$high", SqliteType.Blob), ("$revision", SqliteType.Integer), ("$limit", SqliteType.Integer));

    public static readonly SqliteStatement Count = new("""
        SELECT COUNT(*) FROM (
            SELECT MAX(id), deleted FROM kv
            WHERE name >= $low AND name < CAST($high AS TEXT)
            GROUP BY name HAVING deleted = 0)
        """, ("$low", SqliteType.Text), ("$high", SqliteType.Blob));

    // The unary + keeps the planner on the id range (the log order) instead of the name index.
    public static readonly SqliteStatement Events = new("""
        SELECT k.id, k.name, k.created, k.deleted, k.create_revision, k.value, p.id, p.created, p.create_revision, p.value, k.version, p.version
        FROM kv AS k LEFT JOIN kv AS p ON p.id = k.prev_revision AND k.created = 0
        WHERE k.id > $after AND +k.name >= $low AND +k.name < CAST($high AS TEXT)
        ORDER BY k.id
        LIMIT $limit
        """, ("$after", SqliteType.Integer), ("$low", SqliteType.Text), ("$high", SqliteType.Blob), ("$limit", SqliteType.Integer));

    // Rows superseded at or before the target: the previous row of every row in the window, then the tombstones
    // in the window (a tombstone's own previous row goes with the first statement).
    public static readonly SqliteStatement CompactSuperseded = new("""
        DELETE FROM kv WHERE id IN (SELECT prev_revision FROM kv WHERE id > $from AND id <= $to AND prev_revision <> 0)
        """, ("$from", SqliteType.Integer), ("$to", SqliteType.Integer));

    public static readonly SqliteStatement CompactTombstones = new("DELETE FROM kv WHERE deleted = 1 AND id > $from AND id <= $to", ("$from", SqliteType.Integer), ("$to", SqliteType.Integer));

    public static readonly SqliteStatement SetCompacted = new("UPDATE meta SET value = $to WHERE name = 'compacted' AND value < $to", ("$to", SqliteType.Integer));

    public static readonly SqliteStatement CheckpointTruncate = new("PRAGMA wal_checkpoint(TRUNCATE)");
}
