namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// A re-encryption run: the document <c>GET/POST …/encryption/reencrypt</c> answer, the <c>reencryption</c> member of the
/// status, and the checkpoint kept in the store under <c>&lt;prefix&gt;/atrest.io/reencryption</c> (rewritten after every
/// page, so a run resumes after the last key it finished).
/// </summary>
/// <remarks>
/// Every visited object counts in <see cref="Done"/> and in exactly one of <see cref="Rewritten"/>, <see cref="Skipped"/>,
/// <see cref="Conflicts"/> and <see cref="Failed"/>. Names keys, never values.
/// </remarks>
public sealed record ReencryptionRun
{
    /// <summary>The run's id; a resumed run keeps it.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Where the run is.</summary>
    public ReencryptionState State { get; init; }

    /// <summary>The content hash of the configuration the run writes with (the one the server publishes in its record).</summary>
    public string ConfigHash { get; init; } = string.Empty;

    /// <summary>The resources in scope, as the configuration names them (<c>secrets</c>, <c>*.*</c>…).</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>Objects in scope when the run (or its last restart under a new configuration) began.</summary>
    public long Total { get; init; }

    /// <summary>Objects visited.</summary>
    public long Done { get; init; }

    /// <summary>Objects written again with the write key.</summary>
    public long Rewritten { get; init; }

    /// <summary>Objects already under the write key, or deleted before the run reached them.</summary>
    public long Skipped { get; init; }

    /// <summary>Objects a client wrote while the run was rewriting them: the client's write won, and ends on the write key.</summary>
    public long Conflicts { get; init; }

    /// <summary>Objects no provider can read: left untouched and listed in <see cref="Failures"/>.</summary>
    public long Failed { get; init; }

    /// <summary>When the run was started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it completed or failed.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }

    /// <summary>The throttle: objects per second, 0 for none.</summary>
    public int ObjectsPerSecond { get; init; }

    /// <summary>The last key finished; the run resumes after it.</summary>
    public string? LastKey { get; init; }

    /// <summary>Who runs it: a server's id (its record under <c>atrest.io/servers/</c>) or an offline command's.</summary>
    public string? Owner { get; init; }

    /// <summary>The first unreadable objects (at most <see cref="MaxListedFailures"/>), with the reason.</summary>
    public IReadOnlyList<UnreadableObject> Failures { get; init; } = [];

    /// <summary>How many unreadable objects <see cref="Failures"/> lists at most.</summary>
    public const int MaxListedFailures = 100;

    /// <summary>Whether the run has ended (completed or failed).</summary>
    public bool Finished => State is ReencryptionState.Completed or ReencryptionState.Failed;
}
