namespace AtRest.Storage.Sqlite;

/// <summary>Work that runs alone on the writer connection, between write batches (compaction, checkpoints).</summary>
internal sealed class ExclusiveWork<T>(Func<SqliteCommands, T> action, CancellationToken cancellationToken) : ExclusiveWork(cancellationToken)
{
    private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => completion.Task;

    public override void Run(SqliteCommands commands)
    {
        try
        {
            completion.TrySetResult(action(commands));
        }
        catch (Exception error)
        {
            completion.TrySetException(error);
        }
    }

    public override void Abandon(Exception? error)
    {
        if (error is null)
        {
            completion.TrySetCanceled(CancellationToken);
        }
        else
        {
            completion.TrySetException(error);
        }
    }
}
