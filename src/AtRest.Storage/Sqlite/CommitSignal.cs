namespace AtRest.Storage.Sqlite;

/// <summary>Wakes every waiter once per local commit.</summary>
/// <remarks>A waiter takes <see cref="Next"/> before it reads, so a commit between its read and its wait still wakes it.</remarks>
internal sealed class CommitSignal
{
    private TaskCompletionSource next = NewSource();

    /// <summary>Completes at the next <see cref="Pulse"/>.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    /// <summary>Completes the current <see cref="Next"/> and arms a new one.</summary>
    public void Pulse() => Interlocked.Exchange(ref next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
