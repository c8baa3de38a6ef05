using Grpc.Core;
using Rpc = Etcdserverpb;

namespace AtRest.Storage.Etcd;

/// <summary>
/// Removes old revisions from an etcd cluster through its API: a physical compaction to the current revision, then a
/// defragmentation of every member (each endpoint in turn), which rewrites its bolt file without the freed pages.
/// Snapshots and backups taken earlier still hold the old values; only the live members are cleaned.
/// </summary>
public static class EtcdPurge
{
    /// <returns>The revision the cluster was compacted to.</returns>
    /// <exception cref="InvalidOperationException">etcd refused or could not be reached; the message names the endpoint.</exception>
    public static async Task<long> PurgeAsync(EtcdOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        long revision = 0;
        using (var channel = EtcdChannel.Create(options))
        {
            var kv = new Rpc.KV.KVClient(channel);
            try
            {
                var header = await kv.RangeAsync(new Rpc.RangeRequest { Key = EtcdKeys.NulKey, CountOnly = true }, cancellationToken: cancellationToken);
                revision = header.Header.Revision;
                // Physical: answer only once the compaction is applied in the backend, so the defragmentation frees it.
                await kv.CompactAsync(new Rpc.CompactionRequest { Revision = revision, Physical = true }, cancellationToken: cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
            {
                // Compacting to a revision already compacted is fine: nothing older is left.
                if (!e.Status.Detail.Contains("required revision has been compacted", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"etcd at {string.Join(",", options.Endpoints)} refused the compaction: {e.Status.Detail}", e);
                }
            }
        }

        foreach (var endpoint in options.Endpoints)
        {
            var member = new EtcdOptions
            {
                Endpoints = [endpoint],
                CaFile = options.CaFile,
                CertFile = options.CertFile,
                KeyFile = options.KeyFile,
            };
            using var channel = EtcdChannel.Create(member);
            try
            {
                await new Rpc.Maintenance.MaintenanceClient(channel).DefragmentAsync(new Rpc.DefragmentRequest(), cancellationToken: cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
            {
                throw new InvalidOperationException($"etcd member {endpoint} refused the defragmentation: {e.Status.Detail}", e);
            }
        }

        return revision;
    }
}
