using AtRest.ApiServer.Lifecycle;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// The one step of a rotation that the server's re-encryption engine does: start a run over some resources (idempotent
/// while one runs) and read how it is going. The rest of a rotation is file edits and status reads.
/// </summary>
internal interface IRotateReencryptStep
{
    /// <summary>Starts a run over <paramref name="resources"/>, or returns the one already running.</summary>
    Task<ReencryptionRun> StartAsync(IReadOnlyList<string> resources, CancellationToken cancellationToken);

    /// <summary>The current (or last) run.</summary>
    Task<ReencryptionRun> GetAsync(CancellationToken cancellationToken);
}
