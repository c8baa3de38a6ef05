namespace AtRest.Storage.Sqlite;

/// <summary>A queued conditional write, committed together with the other writes queued beside it.</summary>
internal sealed class WriteRequest(WriteKind kind, string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken, long expiresAtMs = 0)
    : WriterWork(cancellationToken)
{
    private readonly TaskCompletionSource<WriteResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WriteKind Kind { get; } = kind;

    public string Key { get; } = key;

    public byte[] Value { get; } = value;

    public long ExpectedModRevision { get; } = expectedModRevision;

    /// <summary>When a written key expires, in Unix milliseconds; 0 for a key without a time to live.</summary>
    public long ExpiresAtMs { get; } = expiresAtMs;

    /// <summary>Completes once the write's transaction is durable.</summary>
    public Task<WriteResult> Task => completion.Task;

    public void Complete(WriteResult result) => completion.TrySetResult(result);

    public void Fail(Exception error) => completion.TrySetException(error);

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
