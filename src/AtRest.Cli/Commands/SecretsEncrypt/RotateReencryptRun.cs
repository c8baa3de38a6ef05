namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// The server's re-encryption run as <c>GET/POST …/encryption/reencrypt</c> describes it (the re-encryption engine's
/// contract; camelCase in JSON).
/// </summary>
internal sealed class RotateReencryptRun
{
    /// <summary>No run has been asked for since the server started.</summary>
    public const string StateNone = "None";

    /// <summary>The run is going through the objects.</summary>
    public const string StateRunning = "Running";

    /// <summary>Every object was visited.</summary>
    public const string StateCompleted = "Completed";

    /// <summary>The run stopped; <see cref="Error"/> says why.</summary>
    public const string StateFailed = "Failed";

    public string Id { get; init; } = string.Empty;

    /// <summary><see cref="StateNone"/>, <see cref="StateRunning"/>, <see cref="StateCompleted"/> or <see cref="StateFailed"/>.</summary>
    public string State { get; init; } = StateNone;

    /// <summary>The content hash of the configuration the run writes with.</summary>
    public string ConfigHash { get; init; } = string.Empty;

    public IReadOnlyList<string> Resources { get; init; } = [];

    public long Total { get; init; }

    public long Done { get; init; }

    public long Rewritten { get; init; }

    public long Skipped { get; init; }

    public long Conflicts { get; init; }

    public long Failed { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }
}
