using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>Statements and row mapping shared by the reader and the writer connection.</summary>
internal static class SqliteRows
{
    /// <summary>The key's newest row, or null when the key has no row at all.</summary>
    public static LatestRow? Latest(SqliteCommands commands, string key)
    {
        var command = commands.Get(SqliteSql.Latest);
        command.Parameters[0].Value = key;
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var id = reader.GetInt64(0);
        var createRevision = reader.GetInt64(1) != 0 ? id : reader.GetInt64(3);
        return new LatestRow(id, reader.GetInt64(2) != 0, createRevision, Blob(reader, 4), reader.GetInt64(5));
    }

    /// <summary>The current revision and the compacted revision, read in the caller's snapshot.</summary>
    public static (long Current, long Compacted) Revisions(SqliteCommands commands)
    {
        using var reader = commands.Get(SqliteSql.Revisions).ExecuteReader();
        reader.Read();
        return (reader.IsDBNull(0) ? 0 : reader.GetInt64(0), reader.IsDBNull(1) ? 0 : reader.GetInt64(1));
    }

    /// <summary>A blob column as bytes (empty for a zero-length blob).</summary>
    public static byte[] Blob(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<byte[]>(ordinal);
}
