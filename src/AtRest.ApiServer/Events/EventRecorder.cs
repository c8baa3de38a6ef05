using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Storage;
using AtRest.Kubernetes.Model;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Events;

/// <summary>
/// Records the server's own events into its event store, as client-go's recorder does for a component: an event is
/// named <c>&lt;object&gt;.&lt;unix nanoseconds in hex&gt;</c>, and a repeat of one already recorded (same object,
/// type, reason, message and source) adds one to its <c>count</c> and moves its <c>lastTimestamp</c> instead of
/// creating another. Recording never blocks or fails the caller: events queue (at most <see cref="QueueLimit"/>; more
/// are dropped, as client-go drops them) and one background loop writes them.
/// </summary>
internal sealed class EventRecorder : IAsyncDisposable
{
    /// <summary>Events waiting to be written, at most.</summary>
    public const int QueueLimit = 1000;

    private readonly ResourceStore events;
    private readonly TimeProvider time;
    private readonly EventSource source;
    private readonly ILogger? logger;
    private readonly Channel<Occurrence> queue = Channel.CreateBounded<Occurrence>(
        new BoundedChannelOptions(QueueLimit) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    // The event recorded for each distinct occurrence, by its aggregation key (client-go's EventCorrelator cache).
    private readonly ConcurrentDictionary<string, (string Namespace, string Name)> recorded = new(StringComparer.Ordinal);
    private readonly Task loop;

    /// <summary>Starts the recorder over the core events store.</summary>
    /// <param name="events">The store of core/v1 events.</param>
    /// <param name="time">The clock of the events' timestamps.</param>
    /// <param name="component">The source component (kube-apiserver's own events say <c>apiserver</c>).</param>
    /// <param name="host">The source host.</param>
    /// <param name="logger">Where a failed write is reported; null to stay silent.</param>
    public EventRecorder(ResourceStore events, TimeProvider time, string component, string host, ILogger? logger = null)
    {
        this.events = events;
        this.time = time;
        this.logger = logger;
        source = new EventSource { Component = component, Host = host };
        loop = Task.Run(RunAsync);
    }

    /// <summary>Queues an event about <paramref name="involved"/> in <paramref name="namespace"/>.</summary>
    /// <param name="namespace">The event's namespace: the object's, or <c>default</c> for cluster-level events.</param>
    /// <param name="involved">The object the event is about.</param>
    /// <param name="type"><c>Normal</c> or <c>Warning</c>.</param>
    /// <param name="reason">A short UpperCamelCase reason.</param>
    /// <param name="message">The human-readable message (never a value or a key).</param>
    public void Record(string @namespace, ObjectReference involved, string type, string reason, string message) =>
        _ = queue.Writer.TryWrite(new Occurrence(@namespace, involved, type, reason, message, time.GetUtcNow())); // false when full: dropped

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
    }

    /// <summary>Waits until everything queued so far has been written (tests, and shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await queue.Writer.WriteAsync(new Occurrence("", new ObjectReference(), "", "", "", time.GetUtcNow()) { Flushed = done }, cancellationToken).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var occurrence in queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (occurrence.Flushed is { } flushed)
            {
                flushed.TrySetResult();
                continue;
            }

            try
            {
                await WriteAsync(occurrence).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // An event that cannot be written is lost, as client-go's recorder loses it after its retries.
                logger?.LogWarning("cannot record event {Reason} about {Kind} {Name}: {Error}", occurrence.Reason, occurrence.Involved.Kind, occurrence.Involved.Name, e.Message);
            }
        }
    }

    private async Task WriteAsync(Occurrence occurrence)
    {
        var now = KubernetesTime.FromDateTimeOffset(occurrence.At);
        var key = string.Join('\0', occurrence.Namespace, occurrence.Involved.Kind, occurrence.Involved.Namespace, occurrence.Involved.Name,
            occurrence.Involved.Uid, occurrence.Type, occurrence.Reason, occurrence.Message);
        if (recorded.TryGetValue(key, out var existing))
        {
            try
            {
                await events.GuaranteedUpdateAsync(existing.Namespace, existing.Name, current =>
                {
                    var e = (Event)current;
                    e.Count++;
                    e.LastTimestamp = now;
                    return e;
                }, dryRun: false, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Expired (--event-ttl) or deleted: record it afresh.
                recorded.TryRemove(key, out _);
            }
        }

        var created = new Event
        {
            InvolvedObject = occurrence.Involved,
            Reason = occurrence.Reason,
            Message = occurrence.Message,
            Source = source,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
            Type = occurrence.Type,
        };
        created.Metadata.Namespace = occurrence.Namespace;
        var nanos = (occurrence.At - DateTimeOffset.UnixEpoch).Ticks * 100;
        for (var attempt = 0; ; attempt++)
        {
            created.Metadata.Name = string.Create(CultureInfo.InvariantCulture, $"{occurrence.Involved.Name}.{nanos + attempt:x}");
            created.Metadata.ResourceVersion = "";
            ObjectPreparation.ForCreate(created, occurrence.Namespace, events.Strategy);
            try
            {
                await events.CreateAsync(created, CancellationToken.None).ConfigureAwait(false);
                break;
            }
            catch (ApiException e) when (e.Code == 409 && attempt < 3)
            {
                // Another event about the same object in the same nanosecond (the clock's resolution is 100 ns).
            }
        }

        recorded[key] = (occurrence.Namespace, created.Metadata.Name);
    }

    private sealed record Occurrence(string Namespace, ObjectReference Involved, string Type, string Reason, string Message, DateTimeOffset At)
    {
        public TaskCompletionSource? Flushed { get; init; }
    }
}
