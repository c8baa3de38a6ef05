using System.Diagnostics;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Storage;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// The server's side of re-encryption: starts a run (or answers the one running, on any server), runs it in the
/// background with the configuration serving at each page, and resumes a run whose owner is gone — at start-up after a
/// crash, or when another server's record expires.
/// </summary>
/// <remarks>
/// Only one owner runs a run: the record is claimed with compare-and-swap, and an owner is gone when its server record
/// expired, was removed at a clean stop, or names a process of this host that no longer exists.
/// </remarks>
public sealed class ReencryptionCoordinator(
    IKeyValueStore store, StorageKeys keys, IResourceTransformers transformers, string ownerId, string hostName, TimeProvider time,
    ReencryptionMetrics metrics, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ReencryptionCheckpoint _checkpoint = new(store, keys);
    private ReencryptionEngine? _engine;
    private Task _running = Task.CompletedTask;

    /// <summary>How often the server looks for a run whose owner is gone.</summary>
    public static readonly TimeSpan ResumeInterval = ServerHeartbeat.Interval;

    /// <summary>Starts a run, or returns the one already running on this or another live server.</summary>
    /// <exception cref="ArgumentException">The request names a resource the configuration does not, or a negative rate.</exception>
    /// <exception cref="InvalidOperationException">The server has no encryption configuration file.</exception>
    public async Task<ReencryptionRun> StartAsync(ReencryptionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ObjectsPerSecond < 0)
        {
            throw new ArgumentException($"objectsPerSecond must be 0 (no throttle) or more, not {request.ObjectsPerSecond}");
        }

        var scope = ReencryptionScope.Resolve(Configuration(), keys, request.Resources);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_engine is { } engine)
            {
                return engine.Progress;
            }

            var (existing, revision) = await _checkpoint.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (existing is { State: ReencryptionState.Running })
            {
                return await OwnerLiveAsync(existing.Owner, cancellationToken).ConfigureAwait(false)
                    ? existing
                    : await LaunchAsync(existing, revision, cancellationToken).ConfigureAwait(false) ?? existing;
            }

            var run = new ReencryptionRun
            {
                Id = ReencryptionClaim.NewRunId(),
                ConfigHash = Configuration().ContentHash,
                Resources = scope.Resources,
                ObjectsPerSecond = request.ObjectsPerSecond,
                StartedAt = time.GetUtcNow(),
            };
            return await LaunchAsync(run, revision, cancellationToken).ConfigureAwait(false)
                ?? (await _checkpoint.ReadAsync(cancellationToken).ConfigureAwait(false)).Run
                ?? throw new InvalidOperationException("the re-encryption record changed while the run was being started; try again");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The run as of now: this server's live progress, else the record in the store, else state None.</summary>
    public async Task<ReencryptionRun> ReadAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _engine) is { } engine)
        {
            return engine.Progress;
        }

        var (run, _) = await _checkpoint.ReadAsync(cancellationToken).ConfigureAwait(false);
        return run ?? new ReencryptionRun { State = ReencryptionState.None, ConfigHash = CurrentConfiguration.Of(transformers)?.ContentHash ?? string.Empty };
    }

    /// <summary>Resumes a run whose owner is gone, now and every <see cref="ResumeInterval"/>, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            while (true)
            {
                await ResumeOrphanAsync(linked.Token).ConfigureAwait(false);
                await Task.Delay(ResumeInterval, time, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
        }
        finally
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _running.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _stopping.Dispose();
        _gate.Dispose();
    }

    private async Task ResumeOrphanAsync(CancellationToken cancellationToken)
    {
        if (CurrentConfiguration.Of(transformers) is null)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_engine is not null)
            {
                return;
            }

            var (existing, revision) = await _checkpoint.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (existing is { State: ReencryptionState.Running } && !await OwnerLiveAsync(existing.Owner, cancellationToken).ConfigureAwait(false))
            {
                logger.LogInformation("resuming re-encryption run {Id} of {Owner} after {LastKey} ({Done} of {Total} done)",
                    existing.Id, existing.Owner, existing.LastKey ?? "the start", existing.Done, existing.Total);
                await LaunchAsync(existing, revision, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A store that is away: the next look finds the run again.
            logger.LogWarning("could not look for a re-encryption run to resume: {Message}", e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Null when someone else claimed the record first. Called under the gate.
    private async Task<ReencryptionRun?> LaunchAsync(ReencryptionRun run, long seenModRevision, CancellationToken cancellationToken)
    {
        var claim = new ReencryptionClaim(_checkpoint, ownerId);
        var claimed = await claim.TryClaimAsync(run, seenModRevision, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            return null;
        }

        var engine = new ReencryptionEngine(store, keys, time) { OnOutcome = metrics.Record, Checkpoint = claim.WriteAsync };
        Volatile.Write(ref _engine, engine);
        metrics.SetRunning(true);
        logger.LogInformation("re-encryption run {Id} started: resources {Resources}, configuration {Hash}", claimed.Id,
            string.Join(",", claimed.Resources), claimed.ConfigHash);
        _running = Task.Run(() => ExecuteAsync(engine, claim, claimed), CancellationToken.None);
        return claimed;
    }

    private async Task ExecuteAsync(ReencryptionEngine engine, ReencryptionClaim claim, ReencryptionRun run)
    {
        var token = _stopping.Token;
        try
        {
            var finished = await engine.RunAsync(run, Configuration, token).ConfigureAwait(false);
            logger.LogInformation(
                "re-encryption run {Id} {State}: {Done} objects, {Rewritten} rewritten, {Skipped} skipped, {Conflicts} conflicts, {Failed} failed{Error}",
                finished.Id, finished.State, finished.Done, finished.Rewritten, finished.Skipped, finished.Conflicts, finished.Failed,
                finished.Error is null ? string.Empty : ": " + finished.Error);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping: the record stays Running at its last checkpoint and the next start resumes it.
        }
        catch (ReencryptionOwnershipLostException e)
        {
            logger.LogWarning("{Message}", e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError("re-encryption run {Id} failed: {Message}", run.Id, e.Message);
            await RecordFailureAsync(engine, claim, e.Message).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _engine, null);
            metrics.SetRunning(false);
        }
    }

    private async Task RecordFailureAsync(ReencryptionEngine engine, ReencryptionClaim claim, string error)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await claim.WriteAsync(engine.Progress with { State = ReencryptionState.Failed, Error = error, FinishedAt = time.GetUtcNow() }, timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning("could not record the failure of the re-encryption run: {Message}", e.Message);
        }
    }

    private async Task<bool> OwnerLiveAsync(string? owner, CancellationToken cancellationToken)
    {
        if (owner is null || owner == ownerId)
        {
            // This process's own id with no engine running cannot be: the record would have been claimed by this process.
            return owner is not null && _engine is not null;
        }

        var records = await ServerRecords.ReadAsync(store, keys, cancellationToken).ConfigureAwait(false);
        var record = records.FirstOrDefault(r => r.Id == owner);
        return record is not null && record.LiveAt(time.GetUtcNow()) && !(record.HostName == hostName && !ProcessExists(record.ProcessId));
    }

    // A record of this host naming a process that is gone (kill -9, crash) need not wait for its expiry.
    private static bool ProcessExists(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private LoadedEncryptionConfiguration Configuration() =>
        CurrentConfiguration.Of(transformers)
        ?? throw new InvalidOperationException("this server was not started with an encryption configuration file, so there is no key to re-encrypt with");
}
