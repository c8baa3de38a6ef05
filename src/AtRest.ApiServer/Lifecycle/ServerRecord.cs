namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// What a running server publishes about itself in the store (etcd or SQLite alike), refreshed every
/// <see cref="ServerHeartbeat.Interval"/>: which encryption configuration it has loaded and its rotation stage.
/// </summary>
/// <param name="Id">The server's id, unique per process.</param>
/// <param name="HostName">The host it runs on.</param>
/// <param name="ProcessId">Its process id.</param>
/// <param name="ConfigHash">The content hash of the configuration it serves with.</param>
/// <param name="Stage">Its key-rotation stage (k3s's names; <c>start</c> when no rotation is under way).</param>
/// <param name="Heartbeat">When it last wrote the record.</param>
/// <param name="ExpiresAt">After this the record is stale: the server stopped or lost the store.</param>
public sealed record ServerRecord(
    string Id, string HostName, int ProcessId, string ConfigHash, string Stage, DateTimeOffset Heartbeat, DateTimeOffset ExpiresAt)
{
    /// <summary>Whether the record was refreshed recently enough to count at <paramref name="now"/>.</summary>
    public bool LiveAt(DateTimeOffset now) => ExpiresAt > now;
}
