using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// The part of kube-apiserver's RBAC bootstrap policy that concerns the API AtRest serves: <c>cluster-admin</c>
/// bound to <c>system:masters</c>; bound to <c>system:authenticated</c>, <c>system:basic-user</c> (everyone who
/// authenticates may ask the self-subject reviews about themselves), <c>system:discovery</c> (discovery and OpenAPI,
/// which kubectl reads before <c>auth can-i</c> can name a resource) and <c>system:public-info-viewer</c> (health and
/// version, open to anyone anyway). Everything else needs <c>system:masters</c> until RBAC objects are served.
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

    /// <summary><c>system:discovery</c>: read discovery, OpenAPI, health and version (kube's URL list, sorted as kube stores it).</summary>
    public static ClusterRoleBinding Discovery { get; } = new("system:discovery", AuthenticatedGroup,
    [
        PolicyRule.ForUrls(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]),
    ]);

    /// <summary><c>system:public-info-viewer</c>: read health and version.</summary>
    public static ClusterRoleBinding PublicInfoViewer { get; } = new("system:public-info-viewer", AuthenticatedGroup,
    [
        PolicyRule.ForUrls(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"]),
    ]);

    /// <summary>The bindings, in the order they are consulted.</summary>
    public static IReadOnlyList<ClusterRoleBinding> Bindings { get; } = [ClusterAdmin, BasicUser, Discovery, PublicInfoViewer];
}
