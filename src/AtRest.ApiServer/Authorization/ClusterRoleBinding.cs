using AtRest.ApiServer.Errors;

namespace AtRest.ApiServer.Authorization;

/// <summary>A cluster role (its name and rules) bound, by a binding of the same name, to one group.</summary>
/// <param name="Name">The ClusterRole's and ClusterRoleBinding's name, e.g. <c>cluster-admin</c>.</param>
/// <param name="Group">The group the binding names as its subject.</param>
/// <param name="Rules">The role's rules.</param>
public sealed record ClusterRoleBinding(string Name, string Group, IReadOnlyList<PolicyRule> Rules)
{
    /// <summary>kube's RBAC reason for a request this binding allows (its binding describer's wording).</summary>
    public string AllowedReason =>
        $"RBAC: allowed by ClusterRoleBinding {ApiErrors.Quote(Name)} of ClusterRole {ApiErrors.Quote(Name)} to Group {ApiErrors.Quote(Group)}";
}
