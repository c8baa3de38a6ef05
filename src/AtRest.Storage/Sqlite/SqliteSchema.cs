using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>Creates the tables of a new database and refuses files that are not ours.</summary>
internal static class SqliteSchema
{
    private static readonly string[] OwnTables = ["kv", "meta", "expiry", "sqlite_sequence"];

    public static void Ensure(SqliteConnection connection)
    {
        Execute(connection, SqliteSql.BeginImmediate.Sql);
        try
        {
            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            if (version > SqliteSql.SchemaVersion)
            {
                throw new InvalidOperationException(
                    $"{connection.DataSource} has schema version {version}, written by a newer AtRest (this one knows version {SqliteSql.SchemaVersion})");
            }

            if (version == 0)
            {
                var foreign = ForeignTables(connection);
                if (foreign.Count > 0)
                {
                    throw new InvalidOperationException(
                        $"{connection.DataSource} is not an AtRest state database (it has other tables: {string.Join(", ", foreign)})");
                }

                Execute(connection, SqliteSql.CreateSchema);
                Execute(connection, $"PRAGMA user_version={SqliteSql.SchemaVersion}");
            }
            else if (version < SqliteSql.SchemaVersion)
            {
                if (version == 1)
                {
                    Execute(connection, SqliteSql.MigrateToVersion2);
                }

                Execute(connection, SqliteSql.MigrateToVersion3);
                Execute(connection, $"PRAGMA user_version={SqliteSql.SchemaVersion}");
            }

            Execute(connection, SqliteSql.Commit.Sql);
        }
        catch
        {
            Execute(connection, SqliteSql.Rollback.Sql);
            throw;
        }
    }

    private static List<string> ForeignTables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        var foreign = new List<string>();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (!OwnTables.Contains(name, StringComparer.Ordinal))
            {
                foreign.Add(name);
            }
        }

        return foreign;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
