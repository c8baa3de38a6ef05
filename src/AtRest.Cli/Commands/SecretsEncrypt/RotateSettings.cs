using AtRest.Storage;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>What the rotation verbs were asked to do.</summary>
/// <param name="ConfigPath">The encryption configuration file to edit; null: the one the server reports, when it is on this host.</param>
/// <param name="Timeout">How long each wait for every server to load the file may take.</param>
/// <param name="Force">Remove old keys even when objects still use them (after printing how many would become unreadable).</param>
/// <param name="SkipPurge">rotate-keys: leave old revisions alone at the end.</param>
internal sealed record RotateSettings(string? ConfigPath, TimeSpan Timeout, bool Force, bool SkipPurge)
{
    /// <summary>The default wait: k3s's servers need a restart; ours reload within their reload interval plus a heartbeat.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>rotate-keys: the etcd to compact and defragment at the end; null: say how to purge instead.</summary>
    public StoreLocation? PurgeEtcd { get; init; }

    /// <summary>How often status and the re-encryption run are polled.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
