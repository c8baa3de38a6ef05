using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Rpc = Etcdserverpb;

namespace AtRest.Storage.Etcd;

/// <summary>
/// <see cref="IKeyValueStore"/> on a real etcd v3 cluster over gRPC, writing keys and values exactly as
/// kube-apiserver's etcd3 store does (UTF-8 keys, raw value bytes), so etcdctl and kube-apiserver read them.
/// </summary>
/// <remarks>
/// <para>One channel for the store's life; every operation is one RPC: create, update and conditional delete are
/// each one Txn whose failure branch reads the current entry; get, range and count are one Range.</para>
/// <para>Retries: calls failing with Unavailable (member down, no leader, leader changed) are retried on any
/// endpoint for <see cref="EtcdOptions.RetryTimeout"/>. A write retried this way may have committed on the first
/// attempt; the retry then sees its own write as a conflict. So a retried create or update whose compare failed
/// reports success when the key now holds exactly the bytes it wrote (stored values are encrypted with a fresh
/// nonce, so equal bytes mean this write; unencrypted, equal bytes mean equal content, which is what the caller
/// asked for). A write that committed and was then overwritten before the retry read it is reported as a conflict
/// with the newer entry, as kube-apiserver would see it. A retried delete that finds the key gone reports the key
/// as gone. Writes are never retried after any other error.</para>
/// </remarks>
public sealed class EtcdKeyValueStore : IKeyValueStore
{
    private readonly GrpcChannel _channel;
    private readonly Rpc.KV.KVClient _kv;
    private readonly EtcdWatcher _watcher;
    private readonly EtcdOptions _options;
    private readonly string _endpoints;
    private readonly string _unavailableHint;
    private readonly Rpc.Lease.LeaseClient _lease;
    private readonly EtcdLeaseManager _leases;

    /// <summary>Creates the store; connections open lazily on the first call.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent or a TLS file cannot be read.</exception>
    public EtcdKeyValueStore(EtcdOptions options)
        : this(options, null)
    {
    }

    /// <summary>Creates the store with an interceptor on its KV calls (tests use it to lose responses on purpose).</summary>
    internal EtcdKeyValueStore(EtcdOptions options, Interceptor? kvInterceptor)
    {
        _channel = EtcdChannel.Create(options);
        _options = options;
        _endpoints = string.Join(",", options.Endpoints);
        _unavailableHint = UnavailableHint(options);
        _kv = kvInterceptor is null ? new Rpc.KV.KVClient(_channel) : new Rpc.KV.KVClient(_channel.Intercept(kvInterceptor));
        _watcher = new EtcdWatcher(new Rpc.Watch.WatchClient(_channel), options.RetryTimeout, _endpoints);
        _lease = new Rpc.Lease.LeaseClient(_channel);
        _leases = new EtcdLeaseManager(GrantAsync, TimeProvider.System);
    }

    /// <summary>Creates the store from <c>etcd://host:port,host:port</c> (see <see cref="EtcdOptions.Parse"/>).</summary>
    public static EtcdKeyValueStore Connect(string connectionString) => new(EtcdOptions.Parse(connectionString));

    /// <summary>The endpoints this store talks to, comma-separated.</summary>
    public override string ToString() => $"etcd {_endpoints}";

    /// <inheritdoc />
    public async Task<long> CurrentRevisionAsync(CancellationToken cancellationToken = default)
    {
        var request = new Rpc.RangeRequest { Key = EtcdKeys.NulKey, CountOnly = true };
        var (response, _) = await CallAsync(static (kv, r, o) => kv.RangeAsync(r, o), request, "read the revision", cancellationToken);
        return response.Header.Revision;
    }

    /// <summary>The header of a count-only read: cluster and member ids, revision and raft term.</summary>
    public async Task<EtcdResponseHeader> HeaderAsync(CancellationToken cancellationToken = default)
    {
        var request = new Rpc.RangeRequest { Key = EtcdKeys.NulKey, CountOnly = true };
        var (response, _) = await CallAsync(static (kv, r, o) => kv.RangeAsync(r, o), request, "read the response header", cancellationToken);
        var header = response.Header;
        return new EtcdResponseHeader(header.ClusterId, header.MemberId, header.Revision, header.RaftTerm);
    }

    /// <inheritdoc />
    public async Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var request = new Rpc.RangeRequest { Key = EncodeKey(key) };
        var (response, _) = await CallAsync(static (kv, r, o) => kv.RangeAsync(r, o), request, key, cancellationToken);
        return response.Kvs.Count == 0 ? null : ToKeyValue(response.Kvs[0], key);
    }

    /// <inheritdoc />
    public async Task<RangeResult> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Prefix, nameof(request.Prefix));
        if (request.StartKey is not null && !request.StartKey.StartsWith(request.Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"range start key '{request.StartKey}' is not under the prefix '{request.Prefix}'", nameof(request));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(request.Limit, nameof(request.Limit));
        ArgumentOutOfRangeException.ThrowIfNegative(request.Revision, nameof(request.Revision));
        var prefix = EtcdKeys.Encode(request.Prefix);
        var rangeRequest = new Rpc.RangeRequest
        {
            Key = request.StartKey is null ? EtcdKeys.PrefixStart(prefix) : EtcdKeys.Encode(request.StartKey),
            RangeEnd = EtcdKeys.PrefixRangeEnd(prefix.Span),
            Limit = request.Limit,
            Revision = request.Revision,
            KeysOnly = request.KeysOnly,
        };
        var (response, _) = await CallAsync(static (kv, r, o) => kv.RangeAsync(r, o), rangeRequest, request.Prefix, cancellationToken, request.Revision);
        var items = new KeyValue[response.Kvs.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ToKeyValue(response.Kvs[i], null);
        }

        return new RangeResult(items, response.More, request.Revision != 0 ? request.Revision : response.Header.Revision);
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var encoded = EncodeKey(prefix);
        var request = new Rpc.RangeRequest { Key = EtcdKeys.PrefixStart(encoded), RangeEnd = EtcdKeys.PrefixRangeEnd(encoded.Span), CountOnly = true };
        var (response, _) = await CallAsync(static (kv, r, o) => kv.RangeAsync(r, o), request, prefix, cancellationToken);
        return response.Count;
    }

    /// <inheritdoc />
    public Task<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        CreateWithLeaseAsync(key, value, 0, cancellationToken);

    /// <inheritdoc />
    public async Task<WriteResult> CreateAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        await CreateWithLeaseAsync(key, value, await _leases.GetAsync(ttl, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken = default) =>
        UpdateWithLeaseAsync(key, value, expectedModRevision, 0, cancellationToken);

    /// <inheritdoc />
    public async Task<WriteResult> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        await UpdateWithLeaseAsync(key, value, expectedModRevision, await _leases.GetAsync(ttl, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private async Task<long> GrantAsync(long seconds, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + _options.RequestTimeout;
        try
        {
            var response = await _lease.LeaseGrantAsync(new Rpc.LeaseGrantRequest { TTL = seconds }, new CallOptions(deadline: deadline, cancellationToken: cancellationToken))
                .ResponseAsync.ConfigureAwait(false);
            return response.ID;
        }
        catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
        {
            throw new InvalidOperationException($"etcd at {_endpoints} refused a lease of {seconds} s: {EtcdRetry.Describe(e)}", e);
        }
    }

    private async Task<WriteResult> CreateWithLeaseAsync(string key, ReadOnlyMemory<byte> value, long lease, CancellationToken cancellationToken)
    {
        var encoded = EncodeKey(key);
        var txn = new Rpc.TxnRequest();
        txn.Compare.Add(new Rpc.Compare { Key = encoded, Target = Rpc.Compare.Types.CompareTarget.Create, Result = Rpc.Compare.Types.CompareResult.Equal, CreateRevision = 0 });
        txn.Success.Add(new Rpc.RequestOp { RequestPut = new Rpc.PutRequest { Key = encoded, Value = UnsafeByteOperations.UnsafeWrap(value), Lease = lease } });
        txn.Failure.Add(new Rpc.RequestOp { RequestRange = new Rpc.RangeRequest { Key = encoded } });
        var (response, retried) = await CallAsync(static (kv, r, o) => kv.TxnAsync(r, o), txn, key, cancellationToken);
        var revision = response.Header.Revision;
        if (response.Succeeded)
        {
            return new WriteResult(true, new KeyValue(key, value.ToArray(), revision, revision, 1), revision);
        }

        var current = FirstOrNull(response.Responses[0].ResponseRange, key);
        var ownCommit = retried && current is not null && current.Value.AsSpan().SequenceEqual(value.Span);
        return new WriteResult(ownCommit, current, revision);
    }

    private async Task<WriteResult> UpdateWithLeaseAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, long lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(expectedModRevision);
        var encoded = EncodeKey(key);
        var txn = new Rpc.TxnRequest();
        txn.Compare.Add(new Rpc.Compare { Key = encoded, Target = Rpc.Compare.Types.CompareTarget.Mod, Result = Rpc.Compare.Types.CompareResult.Equal, ModRevision = expectedModRevision });
        txn.Success.Add(new Rpc.RequestOp { RequestPut = new Rpc.PutRequest { Key = encoded, Value = UnsafeByteOperations.UnsafeWrap(value), Lease = lease } });
        // Reads back the create revision inside the same Txn (no second round trip, and no old value on the wire as prev_kv would send).
        txn.Success.Add(new Rpc.RequestOp { RequestRange = new Rpc.RangeRequest { Key = encoded, KeysOnly = true } });
        txn.Failure.Add(new Rpc.RequestOp { RequestRange = new Rpc.RangeRequest { Key = encoded } });
        var (response, retried) = await CallAsync(static (kv, r, o) => kv.TxnAsync(r, o), txn, key, cancellationToken);
        var revision = response.Header.Revision;
        if (response.Succeeded)
        {
            var written = response.Responses[1].ResponseRange.Kvs;
            return written.Count == 0
                ? new WriteResult(true, new KeyValue(key, value.ToArray(), revision, revision), revision)
                : new WriteResult(true, new KeyValue(key, value.ToArray(), written[0].CreateRevision, revision, written[0].Version), revision);
        }

        var current = FirstOrNull(response.Responses[0].ResponseRange, key);
        var ownCommit = retried && current is not null && current.ModRevision > expectedModRevision && current.Value.AsSpan().SequenceEqual(value.Span);
        return new WriteResult(ownCommit, current, revision);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Groups of updates within <see cref="EtcdOptions.MaxTxnOps"/> and <see cref="EtcdOptions.MaxTxnBytes"/> go as one Txn
    /// each (every compare, then every put, and one keys-only range that reads back the create revisions), concurrently.
    /// When a compare of a group fails, or etcd refuses the Txn as too large, that group is sent again one Txn per key, so
    /// the stale key fails alone with its current entry while the others are written: concurrent writers win, nothing is lost.
    /// </remarks>
    public async Task<IReadOnlyList<WriteResult>> UpdateManyAsync(IReadOnlyList<ConditionalUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var results = new WriteResult[updates.Count];
        var groups = new List<(int Start, int Count)>();
        var perTxn = Math.Max(1, _options.MaxTxnOps - 1);
        for (int start = 0, bytes = 0, count = 0, i = 0; i <= updates.Count; i++)
        {
            var size = i < updates.Count ? Size(updates[i]) : 0;
            if (i == updates.Count || (count > 0 && (count == perTxn || bytes + size > _options.MaxTxnBytes)))
            {
                if (count > 0)
                {
                    groups.Add((start, count));
                }

                (start, bytes, count) = (i, 0, 0);
            }

            bytes += size;
            count++;
        }

        await Task.WhenAll(groups.Select(g => UpdateGroupAsync(updates, g.Start, g.Count, results, cancellationToken))).ConfigureAwait(false);
        return results;
    }

    /// <inheritdoc />
    public async Task<WriteResult> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedModRevision);
        var encoded = EncodeKey(key);
        var delete = new Rpc.DeleteRangeRequest { Key = encoded, PrevKv = true };
        if (expectedModRevision == 0)
        {
            var (deleted, _) = await CallAsync(static (kv, r, o) => kv.DeleteRangeAsync(r, o), delete, key, cancellationToken);
            var gone = deleted.PrevKvs.Count == 0 ? null : ToKeyValue(deleted.PrevKvs[0], key);
            return new WriteResult(gone is not null, gone, deleted.Header.Revision);
        }

        var txn = new Rpc.TxnRequest();
        txn.Compare.Add(new Rpc.Compare { Key = encoded, Target = Rpc.Compare.Types.CompareTarget.Mod, Result = Rpc.Compare.Types.CompareResult.Equal, ModRevision = expectedModRevision });
        txn.Success.Add(new Rpc.RequestOp { RequestDeleteRange = delete });
        txn.Failure.Add(new Rpc.RequestOp { RequestRange = new Rpc.RangeRequest { Key = encoded } });
        var (response, _) = await CallAsync(static (kv, r, o) => kv.TxnAsync(r, o), txn, key, cancellationToken);
        if (response.Succeeded)
        {
            var prevKvs = response.Responses[0].ResponseDeleteRange.PrevKvs;
            return new WriteResult(true, prevKvs.Count == 0 ? null : ToKeyValue(prevKvs[0], key), response.Header.Revision);
        }

        return new WriteResult(false, FirstOrNull(response.Responses[0].ResponseRange, key), response.Header.Revision);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        return _watcher.WatchAsync(prefix, afterRevision, cancellationToken);
    }

    /// <inheritdoc />
    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(revision);
        var request = new Rpc.CompactionRequest { Revision = revision };
        await CallAsync(static (kv, r, o) => kv.CompactAsync(r, o), request, "compaction", cancellationToken, revision);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int Size(ConditionalUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(update.ExpectedModRevision);
        return (EncodeKey(update.Key).Length * 3) + update.Value.Length;
    }

    // One Txn for updates[start..start+count); on any failed compare (or a Txn etcd finds too large), one Txn per key.
    private async Task UpdateGroupAsync(IReadOnlyList<ConditionalUpdate> updates, int start, int count, WriteResult[] results, CancellationToken cancellationToken)
    {
        if (count == 1)
        {
            var single = updates[start];
            results[start] = await UpdateAsync(single.Key, single.Value, single.ExpectedModRevision, cancellationToken).ConfigureAwait(false);
            return;
        }

        var txn = new Rpc.TxnRequest();
        ByteString? low = null, high = null;
        for (var i = start; i < start + count; i++)
        {
            var encoded = EncodeKey(updates[i].Key);
            low = low is null || ByteCompare(encoded, low) < 0 ? encoded : low;
            high = high is null || ByteCompare(encoded, high) > 0 ? encoded : high;
            txn.Compare.Add(new Rpc.Compare { Key = encoded, Target = Rpc.Compare.Types.CompareTarget.Mod, Result = Rpc.Compare.Types.CompareResult.Equal, ModRevision = updates[i].ExpectedModRevision });
            txn.Success.Add(new Rpc.RequestOp { RequestPut = new Rpc.PutRequest { Key = encoded, Value = UnsafeByteOperations.UnsafeWrap(updates[i].Value) } });
        }

        // Keys only, from the lowest key to just past the highest: the create revision and version of every written key.
        txn.Success.Add(new Rpc.RequestOp { RequestRange = new Rpc.RangeRequest { Key = low, RangeEnd = ByteString.CopyFrom([.. high!.Span, 0]), KeysOnly = true } });
        Rpc.TxnResponse response;
        try
        {
            (response, _) = await CallAsync(static (kv, r, o) => kv.TxnAsync(r, o), txn, $"{count} updates from {updates[start].Key}", cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e) when (e.InnerException is RpcException { StatusCode: StatusCode.InvalidArgument })
        {
            // A server with a lower --max-txn-ops or --max-request-bytes: the keys still get written, one Txn each.
            response = new Rpc.TxnResponse { Succeeded = false };
        }

        if (!response.Succeeded)
        {
            // Nothing of the Txn was applied; the stale keys fail alone with their current entries. A batch that was retried
            // after a lost answer and did land finds its own bytes here, which callers recognise (values carry fresh nonces).
            await Task.WhenAll(Enumerable.Range(start, count).Select(async i =>
                results[i] = await UpdateAsync(updates[i].Key, updates[i].Value, updates[i].ExpectedModRevision, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
            return;
        }

        var revision = response.Header.Revision;
        var written = new Dictionary<ByteString, Mvccpb.KeyValue>();
        foreach (var kv in response.Responses[^1].ResponseRange.Kvs)
        {
            written[kv.Key] = kv;
        }

        for (var i = start; i < start + count; i++)
        {
            var update = updates[i];
            results[i] = written.TryGetValue(txn.Success[i - start].RequestPut.Key, out var kv)
                ? new WriteResult(true, new KeyValue(update.Key, update.Value.ToArray(), kv.CreateRevision, revision, kv.Version), revision)
                : new WriteResult(true, new KeyValue(update.Key, update.Value.ToArray(), revision, revision), revision);
        }
    }

    private static int ByteCompare(ByteString a, ByteString b) => a.Span.SequenceCompareTo(b.Span);

    // With TLS 1.3 a server that demands a client certificate rejects the connection after the handshake, so the
    // client only sees a broken connection; say what is most likely missing.
    private static string UnavailableHint(EtcdOptions options) =>
        options.Endpoints.Any(e => e.StartsWith("https:", StringComparison.OrdinalIgnoreCase)) && options.CertFile is null
            ? " (no client certificate is configured; an etcd started with --client-cert-auth refuses such clients: give the certificate and key files, as kube-apiserver's --etcd-certfile/--etcd-keyfile)"
            : "";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static bool IsDeadline(Exception e) =>
        e is OperationCanceledException || (e is RpcException rpc && rpc.StatusCode == StatusCode.DeadlineExceeded);

    private static ByteString EncodeKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return EtcdKeys.Encode(key);
    }

    private static KeyValue ToKeyValue(Mvccpb.KeyValue kv, string? key) =>
        new(key ?? EtcdKeys.Decode(kv.Key), EtcdBytes.Take(kv.Value), kv.CreateRevision, kv.ModRevision, kv.Version);

    private static KeyValue? FirstOrNull(Rpc.RangeResponse range, string key) => range.Kvs.Count == 0 ? null : ToKeyValue(range.Kvs[0], key);

    /// <summary>One unary KV call with retries on Unavailable; says whether an earlier attempt failed (its write may have landed).</summary>
    private async Task<(TResponse Response, bool Retried)> CallAsync<TRequest, TResponse>(
        Func<Rpc.KV.KVClient, TRequest, CallOptions, AsyncUnaryCall<TResponse>> method, TRequest request, string subject,
        CancellationToken cancellationToken, long revision = 0)
    {
        EtcdRetry? retry = null;
        RpcException? lastFailure = null;
        // One deadline for every attempt: a member that never answers, or retries while none accepts the call, end
        // the call at the same moment, so the API answers 503 within the request timeout instead of hanging.
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + _options.RequestTimeout;
        while (true)
        {
            try
            {
                var options = new CallOptions(deadline: deadline, cancellationToken: cancellationToken);
                var response = await method(_kv, request, options).ResponseAsync.ConfigureAwait(false);
                return (response, retry?.Retried ?? false);
            }
            catch (RpcException e) when (EtcdRetry.IsTransient(e))
            {
                lastFailure = e;
                retry ??= new EtcdRetry(Min(_options.RetryTimeout, _options.RequestTimeout), _endpoints, _unavailableHint);
                await retry.BackOffAsync(e, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsDeadline(e) && !cancellationToken.IsCancellationRequested)
            {
                // The channel reports a passed deadline as OperationCanceledException (ThrowOperationCanceledOnCancellation).
                var written = request is Rpc.TxnRequest or Rpc.DeleteRangeRequest ? "; the write may or may not have been applied" : "";
                var why = lastFailure is null ? "no answer" : EtcdRetry.Describe(lastFailure);
                throw new EtcdUnavailableException(
                    $"etcd at {_endpoints} did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s for '{subject}' ({why}){written}{_unavailableHint}", e);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.OutOfRange && e.Status.Detail.Contains("compacted", StringComparison.Ordinal))
            {
                var compacted = await _watcher.CompactRevisionAsync(revision, cancellationToken).ConfigureAwait(false);
                throw new CompactedException(revision, compacted);
            }
            catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
            {
                throw new InvalidOperationException($"etcd at {_endpoints} refused the request for '{subject}': {EtcdRetry.Describe(e)}", e);
            }
        }
    }
}
