using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AtRest.Storage.Etcd;

namespace AtRest.Cli.Commands.Etcdctl;

/// <summary>
/// The <c>header</c> of <c>etcdctl get -w json</c>: etcd's own ids and raft term, or for the embedded store ids that
/// stay the same for one data directory, derived from its database's full path:
/// <code>
///   SHA-256("atrest embedded store\0" + path of state.db)
///   bytes 0..7   cluster_id (big-endian)
///   bytes 8..15  member_id  (big-endian)
///   raft_term    1: one member that never holds an election
/// </code>
/// </summary>
internal static class EtcdctlHeaders
{
    /// <summary>etcd's header, with the revision the range was read at.</summary>
    public static async Task<EtcdResponseHeader> FromEtcdAsync(EtcdKeyValueStore store, long revision, CancellationToken cancellationToken) =>
        await store.HeaderAsync(cancellationToken) with { Revision = revision };

    /// <summary>The embedded store's header at <paramref name="revision"/>.</summary>
    public static EtcdResponseHeader ForEmbedded(string databaseFile, long revision)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("atrest embedded store\0" + Path.GetFullPath(databaseFile)));
        return new EtcdResponseHeader(
            BinaryPrimitives.ReadUInt64BigEndian(hash.AsSpan(0, 8)), BinaryPrimitives.ReadUInt64BigEndian(hash.AsSpan(8, 8)), revision, RaftTerm: 1);
    }
}
