namespace AtRest.Storage.Sqlite;

/// <summary>An item of the writer's queue.</summary>
internal abstract class WriterWork(CancellationToken cancellationToken)
{
    /// <summary>The caller's token; work cancelled before the writer takes it is not done.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Reports that the work was dropped because it was cancelled or the store closed.</summary>
    public abstract void Abandon(Exception? error);
}
