namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// The rotation under way, kept once per store under <c>&lt;prefix&gt;/atrest.io/rotation</c> so that every client and
/// server sees it and a rotation stopped half-way (a crash, a kill) can be continued by whoever runs it again.
/// Key names only, never key bytes: the bytes live in the configuration files.
/// </summary>
/// <param name="Stage">One of <see cref="RotationStage"/>.</param>
/// <param name="NewKey">The key being introduced; empty at <see cref="RotationStage.Start"/>.</param>
/// <param name="OldKeys">The keys it replaces (the write key of each rotated provider when the rotation began).</param>
/// <param name="Resources">The resources whose providers are rotated, as the configuration names them.</param>
/// <param name="UpdatedAt">When the stage was last changed.</param>
public sealed record RotationRecord(string Stage, string NewKey, IReadOnlyList<string> OldKeys, IReadOnlyList<string> Resources, DateTimeOffset UpdatedAt)
{
    /// <summary>The record of a store where no rotation ever ran.</summary>
    public static RotationRecord Initial { get; } = new(RotationStage.Start, string.Empty, [], [], DateTimeOffset.UnixEpoch);
}
