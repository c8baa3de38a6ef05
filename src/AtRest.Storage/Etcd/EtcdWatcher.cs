using System.Runtime.CompilerServices;
using Grpc.Core;
using Rpc = Etcdserverpb;

namespace AtRest.Storage.Etcd;

/// <summary>
/// Watches that survive a broken stream: each delivered event's revision is remembered, and after a disconnect
/// (member restart, Unavailable, no leader) the watch is opened again from the next revision, so no event is lost
/// or repeated. History compacted away in between ends the watch with <see cref="CompactedException"/>.
/// </summary>
internal sealed class EtcdWatcher(Rpc.Watch.WatchClient client, TimeSpan retryTimeout, string endpoints)
{
    // clientv3.WithRequireLeader: a member cut off from the leader ends the stream instead of going silent.
    private static readonly Metadata RequireLeader = new() { { "hasleader", "true" } };

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = EtcdKeys.Encode(prefix);
        var start = EtcdKeys.PrefixStart(key);
        var end = EtcdKeys.PrefixRangeEnd(key.Span);
        var delivered = afterRevision;
        var retry = new EtcdRetry(retryTimeout, endpoints);
        while (true)
        {
            using var call = client.Watch(new CallOptions(RequireLeader, cancellationToken: cancellationToken));
            // Fragment: a watch that catches up gets its backlog in messages of at most etcd's request size limit (1.5 MiB
            // by default) rather than one message of up to 1,000 revisions — hundreds of megabytes over large values,
            // held whole in memory and refused above the channel's receive limit.
            var create = new Rpc.WatchCreateRequest { Key = start, RangeEnd = end, StartRevision = delivered + 1, PrevKv = true, Fragment = true };
            var failure = await SendAsync(call, new Rpc.WatchRequest { CreateRequest = create }, cancellationToken).ConfigureAwait(false);
            while (failure is null)
            {
                var (response, readFailure) = await ReadAsync(call, cancellationToken).ConfigureAwait(false);
                failure = readFailure;
                if (response is null)
                {
                    break;
                }

                if (response.CompactRevision != 0)
                {
                    throw new CompactedException(delivered + 1, response.CompactRevision);
                }

                if (response.Canceled)
                {
                    // A member that lost its leader cancels watches; another member (or the same one later) resumes them.
                    if (response.CancelReason.Contains("no leader", StringComparison.Ordinal))
                    {
                        failure = new RpcException(new Status(StatusCode.Unavailable, response.CancelReason));
                        break;
                    }

                    throw new InvalidOperationException($"etcd at {endpoints} cancelled the watch on '{prefix}': {response.CancelReason}");
                }

                if (response.Created)
                {
                    retry.Reset();
                    continue;
                }

                var before = delivered;
                foreach (var e in response.Events)
                {
                    // A resumed watch starts after the last delivered revision; this guard keeps that true regardless.
                    if (e.Kv.ModRevision <= before)
                    {
                        continue;
                    }

                    delivered = e.Kv.ModRevision;
                    yield return ToWatchEvent(e);
                }
            }

            await retry.BackOffAsync(failure ?? new RpcException(new Status(StatusCode.Unavailable, "watch stream ended")), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The compacted revision when <paramref name="revision"/> is no longer readable; etcd's range error does not carry
    /// it, its watch response does.
    /// </summary>
    public async Task<long> CompactRevisionAsync(long revision, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var call = client.Watch(new CallOptions(cancellationToken: timeout.Token));
            await call.RequestStream.WriteAsync(new Rpc.WatchRequest
            {
                CreateRequest = new Rpc.WatchCreateRequest { Key = EtcdKeys.NulKey, StartRevision = Math.Max(1, revision) },
            }).ConfigureAwait(false);
            for (var i = 0; i < 2 && await call.ResponseStream.MoveNext(timeout.Token).ConfigureAwait(false); i++)
            {
                if (call.ResponseStream.Current.CompactRevision != 0)
                {
                    return call.ResponseStream.Current.CompactRevision;
                }
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Best effort: the caller still reports the compaction, with the compacted revision unknown (0).
        }

        return 0;
    }

    private static async Task<Exception?> SendAsync(AsyncDuplexStreamingCall<Rpc.WatchRequest, Rpc.WatchResponse> call, Rpc.WatchRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await call.RequestStream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (IsBrokenStream(e, cancellationToken))
        {
            return e;
        }
    }

    private static async Task<(Rpc.WatchResponse? Response, Exception? Failure)> ReadAsync(
        AsyncDuplexStreamingCall<Rpc.WatchRequest, Rpc.WatchResponse> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false)
                ? (call.ResponseStream.Current, null)
                : (null, null);
        }
        catch (Exception e) when (IsBrokenStream(e, cancellationToken))
        {
            return (null, e);
        }
    }

    private static bool IsBrokenStream(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e switch
        {
            RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown,
            // A write to a call that already failed is cancelled by the client library, not by our token.
            IOException or InvalidOperationException or OperationCanceledException => true,
            _ => false,
        };

    private static WatchEvent ToWatchEvent(Mvccpb.Event e)
    {
        var kv = e.Kv;
        var current = new KeyValue(EtcdKeys.Decode(kv.Key), EtcdBytes.Take(kv.Value), kv.CreateRevision, kv.ModRevision);
        var previous = e.PrevKv is { } p ? new KeyValue(current.Key, EtcdBytes.Take(p.Value), p.CreateRevision, p.ModRevision) : null;
        return new WatchEvent(e.Type == Mvccpb.Event.Types.EventType.Delete ? WatchEventType.Delete : WatchEventType.Put, current, previous);
    }
}
