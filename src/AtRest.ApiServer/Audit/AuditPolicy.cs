using AtRest.ApiServer.Hosting;

namespace AtRest.ApiServer.Audit;

/// <summary>audit.k8s.io/v1 <c>Policy</c>: the first rule a request matches decides its level; no match means <c>None</c>.</summary>
/// <param name="Rules">The rules, in file order.</param>
/// <param name="OmitStages">Stages never written, whatever the rule.</param>
/// <param name="OmitManagedFields">Whether recorded bodies leave out <c>metadata.managedFields</c> unless a rule says otherwise.</param>
public sealed record AuditPolicy(IReadOnlyList<AuditPolicyRule> Rules, IReadOnlyList<AuditStage> OmitStages, bool OmitManagedFields)
{
    /// <summary>
    /// The policy used when <c>--audit-log-path</c> is given without <c>--audit-policy-file</c>: every request at
    /// <c>Metadata</c>, without the <c>RequestReceived</c> stage. kube-apiserver records nothing then; a log that stays
    /// empty is not a useful default, and <c>Metadata</c> never holds a body.
    /// </summary>
    public static AuditPolicy MetadataForEverything { get; } =
        new([new AuditPolicyRule { Level = AuditLevel.Metadata }], [AuditStage.RequestReceived], false);

    // One config per rule, plus the no-match one, made once: evaluation runs on every request.
    private readonly AuditRequestConfig[] _configs =
    [
        .. Rules.Select(rule => new AuditRequestConfig(rule.Level, OmitStages.Concat(rule.OmitStages).ToHashSet(),
            rule.OmitManagedFields ?? OmitManagedFields)),
        new AuditRequestConfig(AuditLevel.None, OmitStages.ToHashSet(), OmitManagedFields),
    ];

    /// <summary>Whether any rule records bodies (otherwise no request or response body is ever looked at).</summary>
    public bool NeedsBodies => Rules.Any(rule => rule.Level >= AuditLevel.Request);

    /// <summary>The level and omitted stages for one request, as kube's policy rule evaluator.</summary>
    public AuditRequestConfig Evaluate(string user, IReadOnlyList<string> groups, RequestInfo request)
    {
        for (var i = 0; i < Rules.Count; i++)
        {
            if (Rules[i].Matches(user, groups, request))
            {
                return _configs[i];
            }
        }

        return _configs[^1];
    }
}
