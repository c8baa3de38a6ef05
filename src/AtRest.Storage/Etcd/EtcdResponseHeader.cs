namespace AtRest.Storage.Etcd;

/// <summary>The header etcd puts on every response, as <c>etcdctl -w json</c> prints it.</summary>
/// <param name="ClusterId">The cluster's id.</param>
/// <param name="MemberId">The id of the member that answered.</param>
/// <param name="Revision">The store's revision when the request was served.</param>
/// <param name="RaftTerm">The member's raft term.</param>
public sealed record EtcdResponseHeader(ulong ClusterId, ulong MemberId, long Revision, ulong RaftTerm);
