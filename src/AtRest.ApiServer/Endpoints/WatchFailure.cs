using AtRest.ApiServer.Errors;
using AtRest.Storage;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// The Status of the ERROR event that ends a watch whose store failed: 410 Expired with the cacher's
/// <c>too old resource version: R (C)</c> for compacted history, the error itself when it already is a Status, a
/// backend fault as <see cref="StorageErrors"/> maps it (503/507, as for any request), and otherwise 500 <c>Internal error occurred: …</c>, as kube-apiserver's etcd3 watcher wraps any other error
/// (<c>transformErrorToEvent</c>). Store messages name endpoints, keys and revisions, never values.
/// </summary>
internal static class WatchFailure
{
    /// <summary>The Status for <paramref name="error"/> in a watch that started after <paramref name="startRevision"/>.</summary>
    public static ApiException ToStatus(Exception error, long startRevision) => error switch
    {
        ApiException api => api,
        CompactedException compacted => ApiErrors.Expired($"too old resource version: {startRevision} ({compacted.CompactedRevision})"),
        _ => StorageErrors.ToStatus(error) ?? ApiErrors.Internal(error.Message),
    };
}
