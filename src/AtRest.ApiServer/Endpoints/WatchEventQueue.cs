namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// The lines of one watch between the pump that reads the store and the loop that writes to the client,
/// bounded in bytes: a line is admitted while the queued lines stay within the budget, or when the queue is empty (so
/// one object larger than the budget still gets through). One producer, one consumer.
/// </summary>
/// <remarks>
/// A producer that finds no room waits a bounded time (<see cref="TryEnqueueAsync"/>); when that passes, the watcher is
/// too slow and is closed, as kube-apiserver's cacher closes a watcher whose input channel stays full. Counting bytes
/// rather than events keeps ten stalled watchers over 900 KB objects at tens of megabytes, not gigabytes.
/// </remarks>
internal sealed class WatchEventQueue(long budgetBytes)
{
    private readonly Lock gate = new();
    private readonly Queue<WatchLine> lines = new();
    private TaskCompletionSource changed = NewSignal();
    private long bytes;
    private bool completed;
    private Exception? failure;

    /// <summary>The bytes the queued lines hold now.</summary>
    public long Bytes
    {
        get
        {
            lock (gate)
            {
                return bytes;
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="line"/>, waiting up to <paramref name="patience"/> for the consumer to make room.
    /// </summary>
    /// <returns>False when no room was made in time, or the queue was completed meanwhile.</returns>
    public Task<bool> TryEnqueueAsync(WatchLine line, TimeSpan patience, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        return WaitUntilAsync(() =>
        {
            if (lines.Count != 0 && bytes + line.Size > budgetBytes)
            {
                return false;
            }

            lines.Enqueue(line);
            bytes += line.Size;
            PulseLocked();
            return true;
        }, patience, time, cancellationToken);
    }

    /// <summary>
    /// Waits up to <paramref name="patience"/> until the queued lines hold less than half the budget: the producer reads
    /// and formats its next change only then, so a stalled consumer stops it before it builds a line that cannot fit.
    /// </summary>
    /// <returns>False when the queue stayed that full for <paramref name="patience"/>, or was completed meanwhile.</returns>
    public Task<bool> WaitForRoomAsync(TimeSpan patience, TimeProvider time, CancellationToken cancellationToken) =>
        WaitUntilAsync(() => bytes < budgetBytes / 2, patience, time, cancellationToken);

    // Runs attempt under the lock each time the queue changes, until it succeeds (true), the queue is completed or
    // patience runs out (false).
    private async Task<bool> WaitUntilAsync(Func<bool> attempt, TimeSpan patience, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (completed)
                {
                    return false;
                }

                if (attempt())
                {
                    return true;
                }

                signal = changed.Task;
            }

            var left = patience - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await signal.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    /// <summary>Takes the oldest line, if any.</summary>
    public bool TryDequeue(out WatchLine line)
    {
        lock (gate)
        {
            if (!lines.TryDequeue(out line!))
            {
                return false;
            }

            bytes -= line.Size;
            PulseLocked();
            return true;
        }
    }

    /// <summary>Whether no line will come any more; <paramref name="error"/> is why the producer stopped, when it failed.</summary>
    public bool IsFinished(out Exception? error)
    {
        lock (gate)
        {
            error = failure;
            return completed && lines.Count == 0;
        }
    }

    /// <summary>Waits until a line is queued or the queue completes, or <paramref name="idle"/> passes.</summary>
    /// <returns>False when <paramref name="idle"/> passed with nothing new.</returns>
    public async Task<bool> WaitForLineAsync(TimeSpan idle, TimeProvider time, CancellationToken cancellationToken)
    {
        Task signal;
        lock (gate)
        {
            if (lines.Count > 0 || completed)
            {
                return true;
            }

            signal = changed.Task;
        }

        try
        {
            await signal.WaitAsync(idle, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>No more lines will be added; the consumer sees <paramref name="error"/> after the queued lines.</summary>
    public void Complete(Exception? error)
    {
        lock (gate)
        {
            if (completed)
            {
                return;
            }

            completed = true;
            failure = error;
            PulseLocked();
        }
    }

    /// <summary>Completes the queue and drops what it holds: the watcher is being closed and its lines will not be sent.</summary>
    public void Abandon()
    {
        lock (gate)
        {
            completed = true;
            lines.Clear();
            bytes = 0;
            PulseLocked();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void PulseLocked()
    {
        var previous = changed;
        changed = NewSignal();
        previous.TrySetResult();
    }
}
