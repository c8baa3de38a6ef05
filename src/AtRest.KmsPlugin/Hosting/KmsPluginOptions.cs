using System.Net;
using AtRest.KmsPlugin.Backends;

namespace AtRest.KmsPlugin.Hosting;

/// <summary>What <see cref="KmsPluginHost"/> serves and where.</summary>
internal sealed class KmsPluginOptions
{
    /// <summary>The KMS endpoint to listen on, <c>unix:///path.sock</c> or <c>unix:///@abstract</c>.</summary>
    public required string Listen { get; init; }

    /// <summary>Where the keys are; the host owns and disposes it.</summary>
    public required IKeyBackend Backend { get; init; }

    /// <summary>TCP address of the plugin's own <c>/healthz</c> and <c>/metrics</c>; null for none.</summary>
    public IPEndPoint? HealthAddress { get; init; }

    /// <summary>How often the key list is re-read, so a rotation shows in Status (Status itself answers from the cache).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);
}
