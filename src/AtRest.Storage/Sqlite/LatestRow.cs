namespace AtRest.Storage.Sqlite;

/// <summary>A key's newest log row: its current entry, or a tombstone.</summary>
internal readonly record struct LatestRow(long Id, bool Deleted, long CreateRevision, byte[] Value, long Version)
{
    /// <summary>The live entry, or null for a tombstone.</summary>
    public KeyValue? Entry(string key) => Deleted ? null : new KeyValue(key, Value, CreateRevision, Id, Version);
}
