namespace AtRest.Storage.Sqlite;

/// <summary>The conditional writes the log supports.</summary>
internal enum WriteKind
{
    /// <summary>Append a created row if the key is absent.</summary>
    Create,

    /// <summary>Append a new value if the key's mod revision matches.</summary>
    Update,

    /// <summary>Append a tombstone if the key exists (and its mod revision matches, unless 0).</summary>
    Delete,
}
