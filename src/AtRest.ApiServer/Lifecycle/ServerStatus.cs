namespace AtRest.ApiServer.Lifecycle;

/// <summary>A server's published record, judged against the configuration status compares with.</summary>
/// <param name="Record">What the server published.</param>
/// <param name="Live">Whether the record is still fresh.</param>
/// <param name="SameConfig">Whether it serves the same configuration (content hash).</param>
public sealed record ServerStatus(ServerRecord Record, bool Live, bool SameConfig);
