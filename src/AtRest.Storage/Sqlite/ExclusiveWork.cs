namespace AtRest.Storage.Sqlite;

/// <summary>Untyped view of <see cref="ExclusiveWork{T}"/> for the writer loop.</summary>
internal abstract class ExclusiveWork(CancellationToken cancellationToken) : WriterWork(cancellationToken)
{
    /// <summary>Runs the work; failures go to its task, not to the loop.</summary>
    public abstract void Run(SqliteCommands commands);
}
