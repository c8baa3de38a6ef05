namespace AtRest.ApiServer.Audit;

/// <summary>What the policy decided for one request, as kube's <c>RequestAuditConfig</c>.</summary>
/// <param name="Level">How much to record.</param>
/// <param name="OmitStages">Stages for which no event is written (the rule's and the policy's).</param>
/// <param name="OmitManagedFields">Whether <c>metadata.managedFields</c> is left out of recorded bodies.</param>
public sealed record AuditRequestConfig(AuditLevel Level, IReadOnlySet<AuditStage> OmitStages, bool OmitManagedFields)
{
    /// <summary>Whether an event is written at <paramref name="stage"/>.</summary>
    public bool Records(AuditStage stage) => Level != AuditLevel.None && !OmitStages.Contains(stage);
}
