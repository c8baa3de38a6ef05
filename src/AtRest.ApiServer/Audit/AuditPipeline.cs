using AtRest.Encryption;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Audit;

/// <summary>Everything the audit middleware shares across requests: policy, sanitizing, the log backend and the clock.</summary>
internal sealed class AuditPipeline : IAsyncDisposable
{
    /// <summary>Opens the log and starts its writer.</summary>
    public AuditPipeline(AuditOptions options, IResourceTransformers transformers, TimeProvider time, ILogger logger)
    {
        Policy = options.Policy;
        Time = time;
        Resources = new AuditedResources(transformers);
        Bodies = new AuditBodies(new AuditBodySanitizer(options.Fingerprinter));
        Scrubber = new ErrorValueScrubber(options.Fingerprinter);
        Backend = new AuditLogBackend(options.OpenTarget(time), logger);
    }

    /// <summary>The policy.</summary>
    public AuditPolicy Policy { get; }

    /// <summary>The clock events are stamped with.</summary>
    public TimeProvider Time { get; }

    /// <summary>Which resources hold secret values.</summary>
    public AuditedResources Resources { get; }

    /// <summary>Reads and sanitizes bodies.</summary>
    public AuditBodies Bodies { get; }

    /// <summary>Keeps a failed request's values out of its recorded error.</summary>
    public ErrorValueScrubber Scrubber { get; }

    /// <summary>Writes event lines.</summary>
    public AuditLogBackend Backend { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Backend.DisposeAsync();
}
