using System.Globalization;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.ApiServer.Storage;
using AtRest.ApiServer.Tables;
using AtRest.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// A watch: newline-delimited JSON events (<c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>, <c>BOOKMARK</c> when asked), each
/// flushed at once. The stream stays open until the client leaves or <c>timeoutSeconds</c> passes: kubectl get -w ends
/// as soon as it closes. A store failure ends it with an <c>ERROR</c> event carrying a Status (410 Expired when the
/// history was compacted).
/// </summary>
/// <remarks>
/// <code>
/// store.WatchAsync ──► pump: filter, format ──► WatchEventQueue (≤ BufferBytes) ──► sender ──► response
///                        └ no room for SlowWatcherPatience: close the watch, drop the queue
/// </code>
/// The pump reads the store only as fast as the client takes lines, so a watch holds at most its queue, the line being
/// written and the store's read-ahead. A client that stops reading is closed like kube-apiserver's cacher closes an
/// unresponsive watcher; it re-watches from the last resourceVersion it saw and gets every later event once.
/// </remarks>
internal static class WatchHandler
{
    /// <summary>How many bytes of formatted events a watch may have waiting for its client.</summary>
    internal const long BufferBytes = 1024 * 1024;

    /// <summary>How long the pump waits for a full queue to make room before it closes the watch.</summary>
    internal static readonly TimeSpan SlowWatcherPatience = TimeSpan.FromSeconds(10);

    /// <summary>Handles the request; <paramref name="name"/> narrows it to one object.</summary>
    public static async Task HandleAsync(HttpContext http, ResourceStore store, string? @namespace, string? name)
    {
        var request = http.Request;
        var options = ListQuery.Read(request, store, name, watch: true) with { Limit = 0, Continue = null };
        var (format, metaVersion) = ResponseNegotiation.Choose(request);
        var include = format == ResponseFormat.Table ? TableWriter.ParseInclude(request.Query["includeObject"]) : IncludeObject.Metadata;
        var bookmarks = ListQuery.Bool(request, "allowWatchBookmarks") == true;
        var sendInitialEvents = ListQuery.Bool(request, "sendInitialEvents");
        var start = ResourceVersions.Parse(request.Query["resourceVersion"].ToString());
        var bookmarkInterval = (http.RequestServices.GetService<WatchBookmarkInterval>() ?? WatchBookmarkInterval.Default).Interval;

        var time = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("AtRest.ApiServer.Watch");
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        if (int.TryParse(request.Query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var timeout) && timeout > 0)
        {
            lifetime.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        // The initial state, as synthetic ADDED events: with sendInitialEvents=true a state at least as fresh as the
        // resourceVersion (then a bookmark marks its end); without the parameter, an absent or "0" resourceVersion. It is
        // read before the response starts, so a store that cannot answer gets an ordinary error response rather than an
        // empty stream. sendInitialEvents=false without a resourceVersion starts at the current revision.
        var initial = sendInitialEvents == true || (sendInitialEvents is null && start == 0)
            ? await store.ListAsync(@namespace, options with { MinimumRevision = start }, lifetime.Token).ConfigureAwait(false)
            : null;
        if (sendInitialEvents == false && start == 0)
        {
            start = await store.CurrentRevisionAsync(lifetime.Token).ConfigureAwait(false);
        }

        var writer = new WatchEventWriter(store.Strategy, format, metaVersion, include);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        JsonBytes.NoCache(response);
        await response.StartAsync(lifetime.Token).ConfigureAwait(false);

        // Send the headers now: clients wait for them before they treat the watch as established.
        await response.Body.FlushAsync(lifetime.Token).ConfigureAwait(false);

        var lastRevision = initial?.Revision ?? start;
        var initialItems = initial?.Items ?? [];
        initial = null;
        var queue = new WatchEventQueue(BufferBytes);
        using var unresponsive = new CancellationTokenSource();
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token, unresponsive.Token);
        var client = $"{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";
        var pump = Task.Run(() => PumpAsync(
            new WatchPump(store, @namespace, lastRevision, options, writer, queue, time, logger, client), unresponsive, lifetime.Token), CancellationToken.None);
        var writing = false;
        try
        {
            foreach (var item in initialItems)
            {
                writing = true;
                await SendAsync(response, writer.Event("ADDED", item), sending.Token).ConfigureAwait(false);
                writing = false;
            }

            // The watch may last for hours; the initial state need not stay in memory with it.
            initialItems = [];
            if (sendInitialEvents == true)
            {
                // client-go's WatchList waits for this bookmark before it treats its cache as synced.
                writing = true;
                await SendAsync(response, writer.Bookmark(ResourceStore.Revision(lastRevision), initialEventsEnd: true), sending.Token).ConfigureAwait(false);
                writing = false;
            }

            // Bookmarks come every bookmarkInterval whether or not events flow, as the cacher's, and carry the revision of
            // the last change the watch has passed (sent or filtered out), so a re-watch from it skips nothing.
            var lastBookmark = time.GetTimestamp();
            while (true)
            {
                if (bookmarks && time.GetElapsedTime(lastBookmark) >= bookmarkInterval)
                {
                    writing = true;
                    await SendAsync(response, writer.Bookmark(ResourceStore.Revision(lastRevision)), sending.Token).ConfigureAwait(false);
                    writing = false;
                    lastBookmark = time.GetTimestamp();
                    continue;
                }

                if (queue.TryDequeue(out var line))
                {
                    if (line.Bytes is not null)
                    {
                        writing = true;
                        await SendAsync(response, line.Bytes, sending.Token).ConfigureAwait(false);
                        writing = false;
                    }

                    lastRevision = line.Revision;
                    continue;
                }

                if (queue.IsFinished(out var failure))
                {
                    if (failure is not null)
                    {
                        if (logger is not null)
                        {
                            WatchLog.StoreFailed(logger, store.Strategy.Definition.Resource, failure.Message);
                        }

                        await TrySendErrorAsync(response, writer, WatchFailure.ToStatus(failure, start)).ConfigureAwait(false);
                    }

                    break;
                }

                var untilBookmark = bookmarks ? bookmarkInterval - time.GetElapsedTime(lastBookmark) : Timeout.InfiniteTimeSpan;
                await queue.WaitForLineAsync(untilBookmark, time, sending.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (unresponsive.IsCancellationRequested && !lifetime.IsCancellationRequested)
        {
            // Closed for not keeping up. A line cut off mid-write cannot be ended cleanly: drop the connection (HTTP/1.1)
            // or reset the stream (HTTP/2); the client sees the watch end and re-watches from its last resourceVersion.
            if (writing)
            {
                http.Abort();
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // The client left or the timeout passed: end the stream.
        }
        finally
        {
            await lifetime.CancelAsync().ConfigureAwait(false);
            queue.Abandon();
            await pump.ConfigureAwait(false);
        }
    }

    // Which event, if any, a change is for a filtered watch: an update that moves an object into or out of the
    // selection is reported as ADDED or DELETED, as kube-apiserver does.
    private static string? Filter(ResourceStore store, ListOptions options, ObjectChange change)
    {
        var matches = store.Matches(change.Object, options);
        return change.Type switch
        {
            ObjectChangeType.Added => matches ? "ADDED" : null,
            ObjectChangeType.Deleted => matches ? "DELETED" : null,
            _ => (matches, change.Previous is not null && store.Matches(change.Previous, options)) switch
            {
                (true, true) => "MODIFIED",
                (true, false) => "ADDED",
                (false, true) => "DELETED",
                _ => null,
            },
        };
    }

    private static WatchLine Format(ResourceStore store, ListOptions options, WatchEventWriter writer, ObjectChange change) =>
        new(Filter(store, options, change) is { } type ? writer.Event(type, change.Object) : null, change.Revision);

    // Never throws: a store failure completes the queue with it, so the sender reports it after the lines before it.
    private static async Task PumpAsync(WatchPump pump, CancellationTokenSource unresponsive, CancellationToken cancellationToken)
    {
        var (store, @namespace, after, options, writer, queue, time, logger, client) = pump;
        try
        {
            var changes = store.WatchAsync(@namespace, after, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (changes.ConfigureAwait(false))
            {
                // The next change is read only once the queue has room, and queued only within the budget; either wait
                // lasting SlowWatcherPatience closes the watch.
                while (await queue.WaitForRoomAsync(SlowWatcherPatience, time, cancellationToken).ConfigureAwait(false))
                {
                    if (!await changes.MoveNextAsync().ConfigureAwait(false))
                    {
                        queue.Complete(null);
                        return;
                    }

                    // Formatted in a call, not a local: a local would keep the line (and the object) alive in this
                    // method's state while it waits for room for the next one.
                    if (!await queue.TryEnqueueAsync(Format(store, options, writer, changes.Current), SlowWatcherPatience, time, cancellationToken)
                        .ConfigureAwait(false))
                    {
                        break;
                    }
                }
            }

            if (!cancellationToken.IsCancellationRequested && logger is not null)
            {
                WatchLog.ForcingClose(logger, store.Strategy.Definition.Resource, client, queue.Bytes, SlowWatcherPatience);
            }

            queue.Abandon();
            await unresponsive.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            queue.Complete(null);
        }
        catch (ObjectDisposedException)
        {
            // The store closed: the server is stopping, and the client re-watches elsewhere or later.
            queue.Complete(null);
        }
        catch (Exception e)
        {
            queue.Complete(e);
        }
    }

    private static async Task SendAsync(HttpResponse response, byte[] line, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task TrySendErrorAsync(HttpResponse response, WatchEventWriter writer, ApiException error)
    {
        try
        {
            await SendAsync(response, writer.Error(error), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is already gone.
        }
    }
}
