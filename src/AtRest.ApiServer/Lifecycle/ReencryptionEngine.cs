using System.Text;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Storage;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// Rewrites every stored object in a run's scope with the configuration's write key, in the server or offline on a store.
/// </summary>
/// <remarks>
/// Pages of keys in key order at one revision; per object: decrypt the stored bytes, skip them when the write key
/// already holds them, else encrypt the same plaintext bytes (nothing is decoded or re-serialised) and write them with
/// compare-and-swap on the mod revision read. A client that wrote the object in between wins: its value is read again
/// and rewritten only if it is still stale. After each batch the run record is checkpointed with the last key done.
/// Each batch is written with <see cref="IKeyValueStore.UpdateManyAsync"/>: one SQLite transaction, or etcd Txns of up to 127
/// compare-and-swaps each; a Txn with one stale compare is sent again per key, so only that key takes the slow path.
/// </remarks>
public sealed class ReencryptionEngine(IKeyValueStore store, StorageKeys keys, TimeProvider time)
{
    private const int MaxAttempts = 10;
    private const int MaxStoreAttempts = 6;
    private ReencryptionRun _run = new();
    private ReencryptionCounters? _counters;

    /// <summary>Keys per range request.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Objects transformed at once, and most updates in one batched write.</summary>
    public int MaxConcurrentWrites { get; init; } = 256;

    /// <summary>Sees every object's outcome (metrics).</summary>
    public Action<ReencryptionOutcome>? OnOutcome { get; init; }

    /// <summary>
    /// Stores the run after every batch and at the end; returns false when the record was claimed by someone else, which
    /// stops the run with <see cref="ReencryptionOwnershipLostException"/>.
    /// </summary>
    public Func<ReencryptionRun, CancellationToken, Task<bool>> Checkpoint { get; init; } = (_, _) => Task.FromResult(true);

    /// <summary>The run as of now, counters included.</summary>
    public ReencryptionRun Progress => _counters?.Apply(Volatile.Read(ref _run)) ?? Volatile.Read(ref _run);

    /// <summary>
    /// Runs <paramref name="run"/> (fresh, or resumed after its <see cref="ReencryptionRun.LastKey"/>) to the end. When the
    /// configuration <paramref name="configuration"/> returns has another hash than the run's, the run starts over under it.
    /// </summary>
    /// <returns>The completed run (failed only when the run's resources no longer fit the configuration).</returns>
    /// <exception cref="ReencryptionOwnershipLostException">Another owner claimed the run.</exception>
    public async Task<ReencryptionRun> RunAsync(ReencryptionRun run, Func<LoadedEncryptionConfiguration> configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(configuration);
        var throttle = new ReencryptionThrottle(run.ObjectsPerSecond, time);
        long sessionDone = 0;
        Volatile.Write(ref _run, run with { State = ReencryptionState.Running });
        while (true)
        {
            var config = configuration();
            ReencryptionScope scope;
            try
            {
                scope = ReencryptionScope.Resolve(config, keys, _run.Resources);
            }
            catch (ArgumentException e)
            {
                return await FinishAsync(ReencryptionState.Failed, e.Message, cancellationToken).ConfigureAwait(false);
            }

            if (_run.ConfigHash != config.ContentHash || (_run.Total == 0 && _run.Done == 0))
            {
                // A new configuration re-encrypts everything again: objects done under the old one may be stale now.
                var total = await CountAsync(scope, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _run, _run with
                {
                    ConfigHash = config.ContentHash, LastKey = null, Total = total, Done = 0, Rewritten = 0, Skipped = 0, Conflicts = 0, Failed = 0, Failures = [],
                });
            }

            _counters = new ReencryptionCounters(_run);
            if (await ScanAsync(scope, config, configuration, throttle, () => sessionDone, n => sessionDone += n, cancellationToken).ConfigureAwait(false))
            {
                return await FinishAsync(ReencryptionState.Completed, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // False when the configuration changed under the scan, which then starts over.
    private async Task<bool> ScanAsync(
        ReencryptionScope scope, LoadedEncryptionConfiguration config, Func<LoadedEncryptionConfiguration> configuration, ReencryptionThrottle throttle,
        Func<long> sessionDone, Action<long> addDone, CancellationToken cancellationToken)
    {
        var batchSize = throttle.BatchSize(PageSize);
        foreach (var prefix in scope.Prefixes)
        {
            var start = ReencryptionScope.StartAfter(prefix, _run.LastKey);
            if (start is null)
            {
                continue;
            }

            var fetch = FetchAsync(prefix, start, 0, cancellationToken);
            while (fetch is not null)
            {
                var page = await fetch.ConfigureAwait(false);
                if (configuration().ContentHash != config.ContentHash)
                {
                    return false;
                }

                // The next page is read while this one is written: range and writes overlap.
                fetch = page.More && page.Items.Count > 0 ? FetchAsync(prefix, page.Items[^1].Key + "\0", page.Revision, cancellationToken) : null;
                try
                {
                    foreach (var batch in page.Items.Chunk(batchSize))
                    {
                        await throttle.WaitAsync(sessionDone(), cancellationToken).ConfigureAwait(false);
                        await ProcessBatchAsync(scope, config, batch, cancellationToken).ConfigureAwait(false);
                        addDone(batch.Length);
                        Volatile.Write(ref _run, _run with { LastKey = batch[^1].Key });
                        await CheckpointAsync(Progress, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch when (fetch is not null)
                {
                    // The read ahead is abandoned with the run; observe it so that its own failure is not left unobserved.
                    _ = fetch.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    throw;
                }
            }
        }

        return true;
    }

    // One page at the scan's revision; when the run's own writes compacted it away, at the newest one from the same key.
    private async Task<RangeResult> FetchAsync(string prefix, string start, long revision, CancellationToken cancellationToken)
    {
        try
        {
            return await RetryAsync(() => store.RangeAsync(new RangeRequest(prefix, start, PageSize, revision), cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (CompactedException) when (revision != 0)
        {
            return await RetryAsync(() => store.RangeAsync(new RangeRequest(prefix, start, PageSize), cancellationToken), cancellationToken).ConfigureAwait(false);
        }
    }

    private void Record(ReencryptionOutcome? outcome)
    {
        if (outcome is { } counted)
        {
            if (counted != ReencryptionOutcome.Failed)
            {
                _counters!.Count(counted);
            }

            OnOutcome?.Invoke(counted);
        }
    }

    // The batch is transformed concurrently (on every core; KMS calls overlap), written with one batched compare-and-swap (one etcd Txn per group, one SQLite
    // transaction), and only the keys a client wrote in between go through the per-key loop again.
    private async Task ProcessBatchAsync(ReencryptionScope scope, LoadedEncryptionConfiguration config, KeyValue[] batch, CancellationToken cancellationToken)
    {
        var steps = new ReencryptionStep[batch.Length];
        await Parallel.ForAsync(0, batch.Length, new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentWrites, CancellationToken = cancellationToken },
            async (i, token) => steps[i] = await PrepareAsync(scope, config, batch[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        var pending = new List<int>(batch.Length);
        var updates = new List<ConditionalUpdate>(batch.Length);
        for (var i = 0; i < steps.Length; i++)
        {
            if (steps[i].Decided)
            {
                Record(steps[i].Outcome);
            }
            else
            {
                pending.Add(i);
                updates.Add(new ConditionalUpdate(batch[i].Key, steps[i].Value, steps[i].Expected));
            }
        }

        for (var start = 0; start < updates.Count; start += MaxConcurrentWrites)
        {
            var count = Math.Min(MaxConcurrentWrites, updates.Count - start);
            var slice = updates.GetRange(start, count);
            // A retried batch whose first try landed finds its own bytes below: never written twice, never lost.
            var results = await RetryAsync(() => store.UpdateManyAsync(slice, cancellationToken), cancellationToken).ConfigureAwait(false);
            var conflicts = new List<Task<ReencryptionOutcome?>>();
            for (var j = 0; j < count; j++)
            {
                var written = results[j];
                if (written.Succeeded || written.KeyValue?.Value.AsSpan().SequenceEqual(slice[j].Value.Span) == true)
                {
                    Record(ReencryptionOutcome.Rewritten);
                }
                else
                {
                    // A client wrote it in between: its value is read again and rewritten only if it is still stale.
                    conflicts.Add(ProcessAsync(scope, config, batch[pending[start + j]], written.KeyValue, 1, cancellationToken));
                }
            }

            foreach (var outcome in await Task.WhenAll(conflicts).ConfigureAwait(false))
            {
                Record(outcome);
            }
        }
    }

    // The first attempt without its write: decided when the object needs none.
    private async Task<ReencryptionStep> PrepareAsync(ReencryptionScope scope, LoadedEncryptionConfiguration config, KeyValue entry, CancellationToken cancellationToken)
    {
        if (entry.Key.StartsWith(scope.OwnRecordsPrefix, StringComparison.Ordinal) || !keys.TryParseAnyResource(entry.Key, out var parsed, out _))
        {
            return ReencryptionStep.Done(null);
        }

        var resource = new GroupResource(string.Empty, parsed.Resource);
        var authenticatedData = Encoding.UTF8.GetBytes(entry.Key);
        SourcedRead read;
        try
        {
            read = await config.TransformFromStorageWithSourceAsync(resource, entry.Value, authenticatedData, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Provider errors name the failure, never the value. The object is left exactly as it is.
            _counters!.Fail(new UnreadableObject(entry.Key, resource.ToString(), e.Message));
            return ReencryptionStep.Done(ReencryptionOutcome.Failed);
        }

        if (!read.Stale)
        {
            return ReencryptionStep.Done(ReencryptionOutcome.Skipped);
        }

        var value = await config.For(resource).TransformToStorageAsync(read.Data, authenticatedData, cancellationToken).ConfigureAwait(false);
        return ReencryptionStep.Write(value, entry.ModRevision);
    }

    // Null for keys that are not objects (AtRest's own records); failures are counted with their reason here. Starts at
    // attempt `firstAttempt` with `current`, the entry as last read.
    private async Task<ReencryptionOutcome?> ProcessAsync(
        ReencryptionScope scope, LoadedEncryptionConfiguration config, KeyValue entry, KeyValue? current, int firstAttempt, CancellationToken cancellationToken)
    {
        if (entry.Key.StartsWith(scope.OwnRecordsPrefix, StringComparison.Ordinal) || !keys.TryParseAnyResource(entry.Key, out var parsed, out _))
        {
            return null;
        }

        // Storage keys carry no API group; every resource a run can name is in the core group (or under *.*).
        var resource = new GroupResource(string.Empty, parsed.Resource);
        var authenticatedData = Encoding.UTF8.GetBytes(entry.Key);
        for (var attempt = firstAttempt; attempt < MaxAttempts; attempt++)
        {
            if (current is null)
            {
                // Deleted by a client in between: nothing left to re-encrypt.
                return attempt == 0 ? ReencryptionOutcome.Skipped : ReencryptionOutcome.Conflict;
            }

            SourcedRead read;
            try
            {
                read = await config.TransformFromStorageWithSourceAsync(resource, current.Value, authenticatedData, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // Provider errors name the failure, never the value. The object is left exactly as it is.
                _counters!.Fail(new UnreadableObject(entry.Key, resource.ToString(), e.Message));
                return ReencryptionOutcome.Failed;
            }

            if (!read.Stale)
            {
                return attempt == 0 ? ReencryptionOutcome.Skipped : ReencryptionOutcome.Conflict;
            }

            var value = await config.For(resource).TransformToStorageAsync(read.Data, authenticatedData, cancellationToken).ConfigureAwait(false);
            // A retried update whose first try did land fails its compare-and-swap and finds its own bytes: never written twice.
            var expected = current.ModRevision;
            var written = await RetryAsync(() => store.UpdateAsync(entry.Key, value, expected, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (written.Succeeded || written.KeyValue?.Value.AsSpan().SequenceEqual(value) == true)
            {
                // Succeeded, or a retried update found the bytes of its own first try (every encryption has a fresh nonce).
                return attempt == 0 ? ReencryptionOutcome.Rewritten : ReencryptionOutcome.Conflict;
            }

            current = written.KeyValue;
        }

        // Rewritten by clients ten times while we tried: their writes use the current configuration too.
        return ReencryptionOutcome.Conflict;
    }

    // A store that is briefly away (etcd's request timeout on a loaded machine) does not end a run of hours.
    private async Task<T> RetryAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation().ConfigureAwait(false);
            }
            catch (StorageUnavailableException) when (attempt < MaxStoreAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<long> CountAsync(ReencryptionScope scope, CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var prefix in scope.Prefixes)
        {
            total += await store.CountAsync(prefix, cancellationToken).ConfigureAwait(false);
            if (scope.OwnRecordsPrefix.StartsWith(prefix, StringComparison.Ordinal))
            {
                total -= await store.CountAsync(scope.OwnRecordsPrefix, cancellationToken).ConfigureAwait(false);
            }
        }

        return total;
    }

    private async Task<ReencryptionRun> FinishAsync(ReencryptionState state, string? error, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _run, _run with { State = state, Error = error, FinishedAt = time.GetUtcNow() });
        var finished = Progress;
        await CheckpointAsync(finished, cancellationToken).ConfigureAwait(false);
        return finished;
    }

    private async Task CheckpointAsync(ReencryptionRun run, CancellationToken cancellationToken)
    {
        if (!await RetryAsync(() => Checkpoint(run, cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            throw new ReencryptionOwnershipLostException($"the re-encryption run {run.Id} was claimed by another owner; this one stops");
        }
    }
}
