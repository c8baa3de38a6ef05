using AtRest.ApiServer.Lifecycle;
using AtRest.Cli.Commands.Server;
using AtRest.Encryption.Configuration;
using AtRest.Storage;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// Re-encryption straight on a store with a configuration file: the server's engine and checkpoint, so an interrupted
/// offline run resumes at the next offline run (or in a server started on the store). Refused while a server serves the
/// store: the data directory's lock for the embedded store, a live server record for etcd.
/// </summary>
internal static class ReencryptOffline
{
    /// <summary>Runs (or resumes) the run and follows it.</summary>
    public static async Task<ReencryptionRun> RunAsync(LifecycleTarget target, ReencryptionRequest request, bool quiet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var settings = target.Store!;
        using var dataLock = settings.EtcdServers.Count == 0 ? Lock(settings.DataDirectory) : null;
        await using var configuration = EncryptionConfigurationLoader.LoadFile(target.ConfigPath!);
        await using var store = StoreOpener.Open(settings, TextWriter.Null);
        var keys = new StorageKeys(settings.EtcdPrefix);
        await RefuseWhileServedAsync(store, keys, cancellationToken);

        var scope = ReencryptionScope.Resolve(configuration, keys, request.Resources);
        var checkpoint = new ReencryptionCheckpoint(store, keys);
        var (existing, revision) = await checkpoint.ReadAsync(cancellationToken);
        var run = existing is { State: ReencryptionState.Running }
            ? existing
            : new ReencryptionRun
            {
                Id = ReencryptionClaim.NewRunId(),
                ConfigHash = configuration.ContentHash,
                Resources = scope.Resources,
                ObjectsPerSecond = request.ObjectsPerSecond,
                StartedAt = TimeProvider.System.GetUtcNow(),
            };
        if (!quiet && existing is { State: ReencryptionState.Running })
        {
            await Console.Error.WriteLineAsync($"resuming re-encryption run {existing.Id} of {existing.Owner} after {existing.LastKey ?? "the start"}");
        }

        var claim = new ReencryptionClaim(checkpoint, $"offline-{Environment.MachineName}-{Environment.ProcessId}");
        var claimed = await claim.TryClaimAsync(run, revision, cancellationToken)
            ?? throw new LifecycleException("another server or command claimed the re-encryption run at the same moment; try again");
        var engine = new ReencryptionEngine(store, keys, TimeProvider.System) { Checkpoint = claim.WriteAsync };
        var running = engine.RunAsync(claimed, () => configuration, cancellationToken);
        try
        {
            return await ReencryptProgress.FollowAsync(
                async _ => running.IsCompleted ? await running : engine.Progress, claimed.Id, quiet, cancellationToken);
        }
        catch (ReencryptionOwnershipLostException e)
        {
            // A server started on the store took the run over; it finishes it.
            throw new LifecycleException(e.Message);
        }
    }

    private static DataDirectoryLock Lock(string dataDirectory)
    {
        try
        {
            return DataDirectoryLock.Acquire(dataDirectory);
        }
        catch (ServerStartupException e)
        {
            throw new LifecycleException($"{e.Message}; stop it, or re-encrypt online through it (without --data-dir)");
        }
    }

    private static async Task RefuseWhileServedAsync(IKeyValueStore store, StorageKeys keys, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var live = (await ServerRecords.ReadAsync(store, keys, cancellationToken)).Where(r => r.LiveAt(now)).Select(r => $"{r.Id} on {r.HostName}").ToList();
        if (live.Count > 0)
        {
            throw new LifecycleException(
                $"servers are serving this store ({string.Join(", ", live)}): re-encrypt online through one of them (without --etcd-servers), or stop them first");
        }
    }
}
