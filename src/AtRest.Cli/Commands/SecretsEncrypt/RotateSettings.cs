using AtRest.Cli.Commands.Server;
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

    /// <summary>The <c>--timeout</c> flag's value: a positive Go duration, or <see cref="DefaultTimeout"/> when absent.</summary>
    /// <exception cref="ArgumentException">The text is not a positive duration; the message names the flag.</exception>
    public static TimeSpan ParseTimeout(string? text) =>
        text is null ? DefaultTimeout
        : GoDurationParser.Parse(text) is { } parsed && parsed > TimeSpan.Zero ? parsed
        : throw new ArgumentException($"invalid argument \"{text}\" for \"--timeout\" flag: a positive duration such as 90s or 5m");

    /// <summary>How often status and the re-encryption run are polled.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
