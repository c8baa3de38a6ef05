using AtRest.ApiServer.Storage;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Endpoints;

/// <summary>What a watch's pump needs: where to read changes from, how to filter and format them, and where to queue them.</summary>
/// <param name="Store">The resource's store.</param>
/// <param name="Namespace">The namespace watched, or null for all.</param>
/// <param name="AfterRevision">Changes after this revision are sent.</param>
/// <param name="Options">The label and field selectors.</param>
/// <param name="Writer">Formats event lines.</param>
/// <param name="Queue">Where the lines wait for the client.</param>
/// <param name="Time">The clock for the slow-watcher patience.</param>
/// <param name="Logger">Where a forced close is reported, when logging is set up.</param>
/// <param name="Client">The client's address, for the log.</param>
internal sealed record WatchPump(
    ResourceStore Store, string? Namespace, long AfterRevision, ListOptions Options, WatchEventWriter Writer,
    WatchEventQueue Queue, TimeProvider Time, ILogger? Logger, string Client);
