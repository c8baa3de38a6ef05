using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>What a rule resolver lists for a user in a namespace (the status of a SelfSubjectRulesReview).</summary>
/// <param name="ResourceRules">Rules on API resources.</param>
/// <param name="NonResourceRules">Rules on non-resource URLs.</param>
/// <param name="Incomplete">Whether some authorizer could not list its rules.</param>
/// <param name="EvaluationError">Why the list is incomplete, or empty.</param>
public sealed record SubjectRules(IReadOnlyList<PolicyRule> ResourceRules, IReadOnlyList<PolicyRule> NonResourceRules, bool Incomplete, string EvaluationError);
