using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Endpoints;

/// <summary>The log lines of watches.</summary>
internal static partial class WatchLog
{
    /// <summary>kube-apiserver's line for a watcher closed because it did not keep up (cache_watcher.go, at V(1)).</summary>
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Forcing {Resource} watcher close due to unresponsiveness: {Client}. {Bytes} bytes of events waited {Patience} for the client to read")]
    public static partial void ForcingClose(ILogger logger, string resource, string client, long bytes, TimeSpan patience);

    /// <summary>
    /// A watch ended by a store failure; the client gets an ERROR event. One line without a stack trace: an etcd outage
    /// ends every open watch at once. Store messages name endpoints and keys, never values.
    /// </summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} watch ended by a storage failure: {Reason}")]
    public static partial void StoreFailed(ILogger logger, string resource, string reason);
}
