using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>Prepared statements of one connection, created on first use and reused with new parameter values.</summary>
internal sealed class SqliteCommands(SqliteConnection connection) : IDisposable
{
    private SqliteCommand?[] prepared = new SqliteCommand?[SqliteStatement.Count];

    /// <summary>The connection the statements belong to.</summary>
    public SqliteConnection Connection { get; } = connection;

    /// <summary>The prepared command for <paramref name="statement"/>; set its parameters by position and run it.</summary>
    public SqliteCommand Get(SqliteStatement statement)
    {
        if (statement.Id < prepared.Length && prepared[statement.Id] is { } command)
        {
            return command;
        }

        if (statement.Id >= prepared.Length)
        {
            Array.Resize(ref prepared, SqliteStatement.Count);
        }

        command = Connection.CreateCommand();
        command.CommandText = statement.Sql;
        foreach (var (name, type) in statement.Parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        prepared[statement.Id] = command;
        return command;
    }

    /// <summary>Runs a statement that returns nothing.</summary>
    public void Execute(SqliteStatement statement) => Get(statement).ExecuteNonQuery();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in prepared)
        {
            command?.Dispose();
        }

        Connection.Dispose();
    }
}
