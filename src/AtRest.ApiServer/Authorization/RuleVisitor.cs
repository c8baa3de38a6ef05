using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// What <see cref="RbacRuleResolver.VisitRulesFor"/> hands a visitor, as kube's rule visitor: a rule and the binding it
/// came from, or (both null) a role reference that could not be resolved.
/// </summary>
/// <returns>False to stop visiting.</returns>
public delegate bool RuleVisitor(RuleSource? source, PolicyRule? rule, RoleReferenceError? error);
