using System.Security.Cryptography;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// One owner's hold on the run record: claims it with compare-and-swap and keeps writing it with the mod revision of its
/// own last write, so a write fails as soon as anyone else has claimed the record.
/// </summary>
public sealed class ReencryptionClaim(ReencryptionCheckpoint checkpoint, string owner)
{
    private long _modRevision;

    /// <summary>The owner's id, stored in the record.</summary>
    public string Owner { get; } = owner;

    /// <summary>A new run id.</summary>
    public static string NewRunId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Claims the record last seen at <paramref name="seenModRevision"/> (0: absent) with <paramref name="run"/>.</summary>
    /// <returns>The run as written, or null when someone else wrote the record first.</returns>
    public async Task<ReencryptionRun?> TryClaimAsync(ReencryptionRun run, long seenModRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var claimed = run with { Owner = Owner, State = ReencryptionState.Running, FinishedAt = null, Error = null };
        var revision = await checkpoint.TryWriteAsync(claimed, seenModRevision, cancellationToken).ConfigureAwait(false);
        if (revision is null)
        {
            return null;
        }

        _modRevision = revision.Value;
        return claimed;
    }

    /// <summary>Writes the run if this owner still holds the record; false once someone else claimed it.</summary>
    public async Task<bool> WriteAsync(ReencryptionRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var owned = run with { Owner = Owner };
        var revision = await checkpoint.TryWriteAsync(owned, _modRevision, cancellationToken).ConfigureAwait(false);
        if (revision is null)
        {
            // A retry of a write that landed although its answer was lost finds its own record: still ours.
            var (stored, storedRevision) = await checkpoint.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.Owner != Owner || stored.Id != owned.Id || stored.State != owned.State
                || stored.Done != owned.Done || stored.LastKey != owned.LastKey)
            {
                return false;
            }

            revision = storedRevision;
        }

        _modRevision = revision.Value;
        return true;
    }
}
