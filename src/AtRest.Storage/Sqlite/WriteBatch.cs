namespace AtRest.Storage.Sqlite;

/// <summary>Writes queued as one item, so that the writer commits them all in the same transaction.</summary>
internal sealed class WriteBatch(IReadOnlyList<WriteRequest> requests, CancellationToken cancellationToken) : WriterWork(cancellationToken)
{
    public IReadOnlyList<WriteRequest> Requests { get; } = requests;

    public override void Abandon(Exception? error)
    {
        foreach (var request in Requests)
        {
            request.Abandon(error);
        }
    }
}
