using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// The part of kube-apiserver's RBAC bootstrap policy AtRest applies: <c>cluster-admin</c> bound to
/// <c>system:masters</c>, and <c>system:basic-user</c> bound to <c>system:authenticated</c> so that everyone who
/// authenticates may ask the self-subject reviews about themselves. kube's <c>system:discovery</c> and
/// <c>system:public-info-viewer</c> are left out: discovery stays for <c>system:masters</c> only, as before.
/// </summary>
public static class BootstrapPolicy
{
    /// <summary>The group every authenticated user is in.</summary>
    public const string AuthenticatedGroup = "system:authenticated";

    /// <summary><c>cluster-admin</c>: every verb on everything.</summary>
    public static ClusterRoleBinding ClusterAdmin { get; } = new("cluster-admin", AuthenticatedUser.MastersGroup,
    [
        PolicyRule.ForResources(["*"], ["*"], ["*"]),
        PolicyRule.ForUrls(["*"], ["*"]),
    ]);

    /// <summary><c>system:basic-user</c>: create the self-subject reviews.</summary>
    public static ClusterRoleBinding BasicUser { get; } = new("system:basic-user", AuthenticatedGroup,
    [
        PolicyRule.ForResources(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
        PolicyRule.ForResources(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
    ]);

    /// <summary>The bindings, in the order they are consulted.</summary>
    public static IReadOnlyList<ClusterRoleBinding> Bindings { get; } = [ClusterAdmin, BasicUser];
}
