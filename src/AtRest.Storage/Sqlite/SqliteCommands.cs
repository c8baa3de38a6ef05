using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>Prepared statements of one connection, created on first use and reused with new parameter values.</summary>
internal sealed class SqliteCommands(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> prepared = new(StringComparer.Ordinal);

    /// <summary>The connection the statements belong to.</summary>
    public SqliteConnection Connection { get; } = connection;

    /// <summary>The prepared command for <paramref name="sql"/>; its parameters are the <c>$names</c> it declares.</summary>
    public SqliteCommand Get(string sql, params ReadOnlySpan<(string Name, SqliteType Type)> parameters)
    {
        if (prepared.TryGetValue(sql, out var command))
        {
            return command;
        }

        command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        prepared.Add(sql, command);
        return command;
    }

    /// <summary>Runs a statement that returns nothing.</summary>
    public void Execute(string sql) => Get(sql).ExecuteNonQuery();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in prepared.Values)
        {
            command.Dispose();
        }

        prepared.Clear();
        Connection.Dispose();
    }
}
