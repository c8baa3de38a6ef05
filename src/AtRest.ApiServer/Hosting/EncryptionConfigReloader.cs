using AtRest.ApiServer.Lifecycle;
using AtRest.ApiServer.Observability;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Kms;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Hosting;

/// <summary>
/// Polls the encryption configuration file by content hash and swaps a valid new configuration in, as kube-apiserver's
/// encryption-config controller does. An invalid file leaves the old configuration serving; the error goes to the log,
/// to <c>apiserver_encryption_config_controller_automatic_reloads_total{status="failure"}</c> and to the
/// <c>encryption-config-reload</c> health check until the file is fixed or reverted.
/// With a <paramref name="lockoutGuard"/>, a valid file under which stored objects that read today would become
/// unreadable is refused the same way, naming how many and the first keys (kube-apiserver applies it and every read of
/// those objects then fails).
/// </summary>
public sealed class EncryptionConfigReloader(
    EncryptionConfigReloadOptions options, ApiServerMetrics metrics, ILogger logger, LockoutCheck? lockoutGuard = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _appliedHash = options.AppliedHash;
    private volatile string? _lastError;

    /// <summary>Where reloads and rejections are recorded as events; null records none.</summary>
    internal Events.EncryptionEvents? Events { get; set; }

    /// <summary>The error of the last attempt, or null when the applied configuration matches the file.</summary>
    public string? LastError => _lastError;

    /// <summary>The hash of the configuration now serving.</summary>
    public string AppliedHash => Volatile.Read(ref _appliedHash);

    /// <summary>The health check that reports <see cref="LastError"/>.</summary>
    public HealthCheck HealthCheck => new("encryption-config-reload", _ => ValueTask.FromResult(LastError));

    /// <summary>Polls until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await PollAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Compares the file with the applied configuration once and reloads it when it changed.</summary>
    /// <returns>True when a new configuration was applied.</returns>
    public async Task<bool> PollAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PollOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> PollOnceAsync(CancellationToken cancellationToken)
    {
        // One read serves both the change check and the load, so the applied hash is that of the content in use.
        byte[] content;
        try
        {
            content = File.ReadAllBytes(options.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e.Message);
            return false;
        }

        var hash = EncryptionConfigurationLoader.ContentHash(content);
        if (hash == AppliedHash)
        {
            // Unchanged, or reverted to the configuration still serving: nothing is wrong any more.
            _lastError = null;
            return false;
        }

        LoadedEncryptionConfiguration candidate;
        try
        {
            candidate = EncryptionConfigurationLoader.LoadFromBytes(content, options.Path, automaticReload: true, options.Kms ?? KmsRuntimeOptions.Default);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(e.Message);
            return false;
        }

        if (lockoutGuard is not null && await LocksOutAsync(candidate, cancellationToken).ConfigureAwait(false))
        {
            await candidate.DisposeAsync().ConfigureAwait(false);
            return false;
        }

        // The replaced configuration is disposed (KMS connections, cipher handles) once no request uses it.
        _ = options.Target.Replace(candidate, ReloadableResourceTransformers.DefaultGracePeriod);

        Volatile.Write(ref _appliedHash, hash);
        _lastError = null;
        metrics.RecordReload(success: true);
        metrics.SetConfigHash(hash);
        logger.LogInformation("loaded new encryption config from {Path} ({Hash})", options.Path, hash);
        Events?.ConfigurationReloaded(options.Path, hash);
        return true;
    }

    private async Task<bool> LocksOutAsync(LoadedEncryptionConfiguration candidate, CancellationToken cancellationToken)
    {
        LockoutReport report;
        try
        {
            report = await lockoutGuard!.RunAsync(CurrentConfiguration.Of(options.Target), candidate, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Without a complete scan nobody can say the new file is safe, so the old one keeps serving.
            Fail($"cannot check which stored objects it could read: {e.Message}");
            return true;
        }

        if (report.Safe)
        {
            return false;
        }

        Fail($"refused: {report.Summary()}; the old configuration keeps serving (start the server with "
            + $"{LockoutOverride.Flag} to apply such a file anyway)");
        return true;
    }

    private void Fail(string error)
    {
        var message = $"error processing encryption config file {options.Path}: {error}";
        _lastError = message;
        metrics.RecordReload(success: false);
        logger.LogError("{Message}", message);
        Events?.ConfigurationRejected(message);
    }
}
