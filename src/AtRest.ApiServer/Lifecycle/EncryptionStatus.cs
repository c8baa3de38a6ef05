namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// <c>atrest secrets-encrypt status</c>: k3s's fields (enabled, stage, whether the servers' hashes match, the keys) plus
/// every server's record and the inventory's totals.
/// </summary>
public sealed class EncryptionStatus
{
    /// <summary>Whether any resource is written encrypted.</summary>
    public bool Enabled { get; init; }

    /// <summary>The rotation stage (k3s's names; <c>start</c> when no rotation is under way).</summary>
    public string Stage { get; init; } = ServerHeartbeat.StartStage;

    /// <summary>The rotation record the stage comes from: the keys it introduces and replaces.</summary>
    public RotationRecord Rotation { get; init; } = RotationRecord.Initial;

    /// <summary>The configuration file the status was computed with, as a path on <see cref="HostName"/>.</summary>
    public string ConfigPath { get; init; } = string.Empty;

    /// <summary>The host that computed the status (the server's, online), so a client can tell whether <see cref="ConfigPath"/> is local.</summary>
    public string HostName { get; init; } = string.Empty;

    /// <summary>The content hash of the configuration the status compares servers with.</summary>
    public string ConfigHash { get; init; } = string.Empty;

    /// <summary>Per configured resource, its keys.</summary>
    public IReadOnlyList<ResourceKeys> Resources { get; init; } = [];

    /// <summary>Every server record in the store.</summary>
    public IReadOnlyList<ServerStatus> Servers { get; init; } = [];

    /// <summary>Whether every live server serves <see cref="ConfigHash"/>.</summary>
    public bool AllHashesMatch => Servers.Where(s => s.Live).All(s => s.SameConfig);

    /// <summary>The inventory's totals.</summary>
    public InventorySummary? Inventory { get; init; }

    /// <summary>The last or running re-encryption run, as of its last checkpoint; null when none was ever started.</summary>
    public ReencryptionRun? Reencryption { get; init; }
}
