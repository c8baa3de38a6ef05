using System.Globalization;
using System.Threading.Channels;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.ApiServer.Storage;
using AtRest.ApiServer.Tables;
using AtRest.Storage;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// A watch: newline-delimited JSON events (<c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>, <c>BOOKMARK</c> when asked,
/// <c>ERROR</c> with a 410 Expired Status when the history was compacted), each flushed at once. The stream stays
/// open until the client leaves or <c>timeoutSeconds</c> passes: kubectl get -w ends as soon as it closes.
/// </summary>
internal static class WatchHandler
{
    private static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(10);

    /// <summary>Handles the request; <paramref name="name"/> narrows it to one object.</summary>
    public static async Task HandleAsync(HttpContext http, ResourceStore store, string? @namespace, string? name)
    {
        var request = http.Request;
        var options = ListQuery.Read(request, store, name, watch: true) with { Limit = 0, Continue = null };
        var (format, metaVersion) = ResponseNegotiation.Choose(request);
        var include = format == ResponseFormat.Table ? TableWriter.ParseInclude(request.Query["includeObject"]) : IncludeObject.Metadata;
        var bookmarks = request.Query["allowWatchBookmarks"].ToString() is "true" or "1";
        var start = ResourceVersions.Parse(request.Query["resourceVersion"].ToString());

        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        if (int.TryParse(request.Query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var timeout) && timeout > 0)
        {
            lifetime.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        var writer = new WatchEventWriter(store.Strategy, format, metaVersion, include);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        JsonBytes.NoCache(response);
        await response.StartAsync(lifetime.Token).ConfigureAwait(false);

        // Send the headers now: clients wait for them before they treat the watch as established.
        await response.Body.FlushAsync(lifetime.Token).ConfigureAwait(false);

        // An absent or "0" resourceVersion starts with the current state as synthetic ADDED events.
        var lastRevision = start;
        if (start == 0)
        {
            var page = await store.ListAsync(@namespace, options, lifetime.Token).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                await SendAsync(response, writer.Event("ADDED", item), lifetime.Token).ConfigureAwait(false);
            }

            lastRevision = page.Revision;
        }

        var events = Channel.CreateBounded<ObjectChange>(new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(store, @namespace, lastRevision, events.Writer, lifetime.Token);
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
                idle.CancelAfter(BookmarkInterval);
                ObjectChange change;
                try
                {
                    if (!await events.Reader.WaitToReadAsync(idle.Token).ConfigureAwait(false))
                    {
                        break;
                    }

                    change = await events.Reader.ReadAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!lifetime.IsCancellationRequested)
                {
                    if (bookmarks)
                    {
                        await SendAsync(response, writer.Bookmark(ResourceStore.Revision(lastRevision)), lifetime.Token).ConfigureAwait(false);
                    }

                    continue;
                }

                lastRevision = change.Revision;
                var line = Filter(store, options, change) is { } type ? writer.Event(type, change.Object) : null;
                if (line is not null)
                {
                    await SendAsync(response, line, lifetime.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // The client left or the timeout passed: end the stream.
        }
        catch (Exception e) when (e is CompactedException or ApiException)
        {
            var error = e as ApiException ?? ApiErrors.Expired($"too old resource version: {start} ({((CompactedException)e).CompactedRevision})");
            await TrySendErrorAsync(response, writer, error).ConfigureAwait(false);
        }
        finally
        {
            await lifetime.CancelAsync().ConfigureAwait(false);
            await SwallowCancellation(pump).ConfigureAwait(false);
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

    private static async Task PumpAsync(ResourceStore store, string? @namespace, long after, ChannelWriter<ObjectChange> events, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await foreach (var change in store.WatchAsync(@namespace, after, cancellationToken).ConfigureAwait(false))
            {
                await events.WriteAsync(change, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = e;
        }
        finally
        {
            events.TryComplete(failure);
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

    private static async Task SwallowCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected when the watch ends.
        }
    }
}
