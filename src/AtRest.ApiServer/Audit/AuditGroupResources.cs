namespace AtRest.ApiServer.Audit;

/// <summary>
/// audit.k8s.io/v1 <c>GroupResources</c>: resources of one API group a rule applies to (all of the group's when
/// <see cref="Resources"/> is empty), optionally only the objects named in <see cref="ResourceNames"/>.
/// </summary>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Resources">Resources, <c>pods/log</c> subresource forms, <c>*</c>, <c>*/status</c> or <c>pods/*</c>.</param>
/// <param name="ResourceNames">Object names; empty matches every name.</param>
public sealed record AuditGroupResources(string Group, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames);
