using AtRest.Storage;

namespace AtRest.ApiServer.Observability;

/// <summary>
/// The <c>etcd</c> check, named as kube-apiserver names it for whichever backend serves: fails when the store does not
/// answer within <see cref="Timeout"/>, or while its last write failed for lack of space (as etcd's own health
/// fails while its NOSPACE alarm is raised).
/// </summary>
public static class StorageHealthCheck
{
    /// <summary>How long the store may take to report its revision.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The check for <paramref name="store"/>.</summary>
    public static HealthCheck For(IKeyValueStore store) => new("etcd", async cancellationToken =>
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await store.CurrentRevisionAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return $"the store ({store}) did not answer within {Timeout.TotalSeconds:0} s";
        }

        return (store as IStorageSpaceMonitor)?.InsufficientStorage is { } full ? $"insufficient storage: {full}" : null;
    });
}
