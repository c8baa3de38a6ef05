using Microsoft.Data.Sqlite;

namespace AtRest.Storage.Sqlite;

/// <summary>A statement's SQL and parameters, numbered so that each connection finds its prepared copy by index.</summary>
internal sealed class SqliteStatement
{
    private static int count;

    public SqliteStatement(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        Sql = sql;
        Parameters = parameters;
        Id = Interlocked.Increment(ref count) - 1;
    }

    /// <summary>How many statements exist (the size of a connection's prepared-command table).</summary>
    public static int Count => Volatile.Read(ref count);

    public int Id { get; }

    public string Sql { get; }

    public IReadOnlyList<(string Name, SqliteType Type)> Parameters { get; }
}
