using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Storage;
using AtRest.Kubernetes.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Controllers;

/// <summary>
/// kube's namespace controller, hosted in the server: for every namespace marked for deletion it deletes the
/// namespace's objects of every namespaced resource by key (never decrypting them, so undecryptable values go too),
/// reports progress in <c>status.conditions</c>, removes the <c>kubernetes</c> finalizer and, once no finalizer is
/// left, the namespace. Every step is idempotent and the state lives in the store, so a pass after a restart or a
/// crash (the first one runs at start-up) picks up where the last one stopped.
/// </summary>
internal sealed partial class NamespaceFinalizer(ApiServices api, ILogger<NamespaceFinalizer> logger) : BackgroundService
{
    private readonly NamespaceFinalizerOptions options = NamespaceFinalizerOptions.FromEnvironment();
    private NamespaceLifecycle Lifecycle => api.Lifecycle;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Lifecycle.TakeChange();
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Includes a store's own timeouts: an escaping exception would stop the whole host.
                LogPassFailed(logger, e.Message);
            }

            using var resync = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            resync.CancelAfter(options.ResyncInterval);
            try
            {
                await Lifecycle.WaitForChangeAsync(resync.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Resync.
            }
        }
    }

    /// <summary>One pass over every namespace marked for deletion.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var page = await Lifecycle.Namespaces.ListAsync(null, ListOptions.All, cancellationToken).ConfigureAwait(false);
        foreach (var ns in page.Items.Cast<Namespace>().Where(n => n.Metadata.DeletionTimestamp is not null))
        {
            await FinalizeAsync(ns, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FinalizeAsync(Namespace ns, CancellationToken cancellationToken)
    {
        var name = ns.Metadata.Name;
        if (!ns.Spec.Finalizers.Contains(NamespaceStrategy.KubernetesFinalizer))
        {
            // Our part is done; other finalizers are someone else's, and the namespace waits for them.
            await Lifecycle.RemoveIfFinalizedAsync(ns, cancellationToken).ConfigureAwait(false);
            return;
        }

        var before = await CountAsync(name, cancellationToken).ConfigureAwait(false);
        if (before.Values.Any(n => n > 0))
        {
            LogDeletingContent(logger, name, before.Values.Sum());
            await SetConditionsAsync(name, before, [], cancellationToken).ConfigureAwait(false);
        }

        var failures = new List<string>();
        foreach (var store in Lifecycle.Contents)
        {
            try
            {
                while (await store.DeleteKeysInNamespaceAsync(name, options.PageSize, cancellationToken).ConfigureAwait(false) > 0)
                {
                    if (options.PageDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(options.PageDelay, store.Time, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add($"failed to delete {store.Strategy.Definition.Resource} in namespace: {name}: {e.Message}");
            }
        }

        var after = await CountAsync(name, cancellationToken).ConfigureAwait(false);
        await SetConditionsAsync(name, after, failures, cancellationToken).ConfigureAwait(false);
        if (failures.Count > 0 || after.Values.Any(n => n > 0))
        {
            // Objects created meanwhile by another server, or a store fault: the next pass tries again.
            return;
        }

        await Lifecycle.RemoveSpecFinalizerAsync(name, NamespaceStrategy.KubernetesFinalizer, cancellationToken).ConfigureAwait(false);
        LogFinalized(logger, name);
    }

    private async Task<Dictionary<string, long>> CountAsync(string @namespace, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var store in Lifecycle.Contents)
        {
            counts[store.Strategy.Definition.Resource] = await store.CountInNamespaceAsync(@namespace, cancellationToken).ConfigureAwait(false);
        }

        return counts;
    }

    private Task SetConditionsAsync(string name, Dictionary<string, long> remaining, List<string> failures, CancellationToken cancellationToken)
    {
        var now = Lifecycle.Now();
        return Lifecycle.Namespaces.GuaranteedUpdateAsync(null, name, current =>
        {
            NamespaceDeletionConditions.Apply(((Namespace)current).Status, remaining, failures, now);
            return current;
        }, dryRun: false, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "namespace {Namespace}: deleting {Count} objects")]
    private static partial void LogDeletingContent(ILogger logger, string @namespace, long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "namespace {Namespace}: content deleted, finalizer kubernetes removed")]
    private static partial void LogFinalized(ILogger logger, string @namespace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "namespace controller pass failed, retrying: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string reason);
}
