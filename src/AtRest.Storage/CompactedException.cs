namespace AtRest.Storage;

/// <summary>The requested revision is older than the store's compacted revision.</summary>
public sealed class CompactedException(long requestedRevision, long compactedRevision)
    : Exception($"required revision {requestedRevision} has been compacted (compacted revision is {compactedRevision})")
{
    /// <summary>The revision that was asked for.</summary>
    public long RequestedRevision { get; } = requestedRevision;

    /// <summary>The oldest revision still available is the one after this.</summary>
    public long CompactedRevision { get; } = compactedRevision;
}
