using AtRest.ApiServer.Security;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// The one home of kube-apiserver's RBAC bootstrap policy (upstream <c>plugin/pkg/auth/authorizer/rbac/bootstrappolicy</c>),
/// kept to what AtRest serves: core secrets, configmaps, namespaces and events, the RBAC kinds and the self-subject
/// reviews, and impersonating service accounts (<c>--as system:serviceaccount:NS:NAME</c>). Rules on resources AtRest does
/// not serve (pods, deployments, localsubjectaccessreviews, …) are left out.
/// <list type="bullet">
/// <item><c>cluster-admin</c> (everything) bound to <c>system:masters</c>;</item>
/// <item><c>system:basic-user</c> (the self-subject reviews), <c>system:discovery</c> (discovery, OpenAPI, health) and
/// <c>system:public-info-viewer</c> (health, version) bound to <c>system:authenticated</c> (the last one also to
/// <c>system:unauthenticated</c>);</item>
/// <item><c>view</c>, <c>edit</c>, <c>admin</c>, unbound, with their rules as kube's aggregation controller fills them
/// from <c>system:aggregate-to-view/edit/admin</c>: <c>view</c> reads configmaps, events and namespaces but never
/// secrets; <c>edit</c> adds reading and writing secrets, writing configmaps and impersonating service accounts;
/// <c>admin</c> adds roles and role bindings.</item>
/// </list>
/// Every object carries kube's label <c>kubernetes.io/bootstrapping: rbac-defaults</c> and annotation
/// <c>rbac.authorization.kubernetes.io/autoupdate: "true"</c>. Each call returns fresh objects.
/// </summary>
public static class BootstrapPolicy
{
    /// <summary>The group every authenticated user is in.</summary>
    public const string AuthenticatedGroup = "system:authenticated";

    /// <summary>The group of requests without credentials.</summary>
    public const string UnauthenticatedGroup = "system:unauthenticated";

    /// <summary>The annotation that lets start-up reconciliation add the defaults back (any value but <c>false</c>).</summary>
    public const string AutoUpdateAnnotation = "rbac.authorization.kubernetes.io/autoupdate";

    private const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";
    private const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    private const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";

    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "update", "patch", "delete", "deletecollection"];
    private static readonly string[] ReadWrite = [.. Read, .. Write];

    /// <summary>The default ClusterRoles, sorted by name.</summary>
    public static IReadOnlyList<ClusterRole> ClusterRoles()
    {
        var aggregateToView = Role("system:aggregate-to-view", (AggregateToView, "true"),
            PolicyRule.ForResources(Read, [""], ["configmaps"]),
            PolicyRule.ForResources(Read, [""], ["events", "namespaces/status"]),
            PolicyRule.ForResources(Read, [""], ["namespaces"]));
        var aggregateToEdit = Role("system:aggregate-to-edit", (AggregateToEdit, "true"),
            PolicyRule.ForResources(Read, [""], ["secrets"]),
            PolicyRule.ForResources(["impersonate"], [""], ["serviceaccounts"]),
            PolicyRule.ForResources(Write, [""], ["configmaps", "secrets"]));
        var aggregateToAdmin = Role("system:aggregate-to-admin", (AggregateToAdmin, "true"),
            PolicyRule.ForResources(ReadWrite, [RbacGroup.Name], ["roles", "rolebindings"]));

        var view = Aggregated("view", (AggregateToEdit, "true"), AggregateToView, [aggregateToView]);
        var edit = Aggregated("edit", (AggregateToAdmin, "true"), AggregateToEdit, [aggregateToEdit, view]);
        var admin = Aggregated("admin", null, AggregateToAdmin, [aggregateToAdmin, edit]);

        List<ClusterRole> roles =
        [
            Role("cluster-admin", null,
                PolicyRule.ForResources(["*"], ["*"], ["*"]),
                PolicyRule.ForUrls(["*"], ["*"])),
            Role("system:basic-user", null,
                PolicyRule.ForResources(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
                PolicyRule.ForResources(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"])),
            Role("system:discovery", null,
                PolicyRule.ForUrls(["get"], ["/livez", "/readyz", "/healthz", "/version", "/version/", "/openapi", "/openapi/*", "/api", "/api/*", "/apis", "/apis/*"])),
            Role("system:public-info-viewer", null,
                PolicyRule.ForUrls(["get"], ["/livez", "/readyz", "/healthz", "/version", "/version/"])),
            admin, edit, view, aggregateToAdmin, aggregateToEdit, aggregateToView,
        ];
        return [.. roles.OrderBy(r => r.Metadata.Name, StringComparer.Ordinal)];
    }

    /// <summary>The default ClusterRoleBindings, sorted by name (each named as the role it binds).</summary>
    public static IReadOnlyList<ClusterRoleBinding> ClusterRoleBindings() =>
    [
        Binding("cluster-admin", AuthenticatedUser.MastersGroup),
        Binding("system:basic-user", AuthenticatedGroup),
        Binding("system:discovery", AuthenticatedGroup),
        Binding("system:public-info-viewer", AuthenticatedGroup, UnauthenticatedGroup),
    ];

    // The aggregation controller's result: the rules of every role whose labels match, roles in name order, each
    // rule once (kube's ruleExists compares rules field by field).
    private static ClusterRole Aggregated(string name, (string Key, string Value)? label, string selectorLabel, List<ClusterRole> sources)
    {
        var role = Role(name, label);
        var selector = new LabelSelector();
        selector.MatchLabels[selectorLabel] = "true";
        role.AggregationRule = new AggregationRule { ClusterRoleSelectors = [selector] };
        foreach (var source in sources.OrderBy(r => r.Metadata.Name, StringComparer.Ordinal))
        {
            role.Rules.AddRange(source.Rules.Where(rule => !role.Rules.Any(rule.SameAs)));
        }

        return role;
    }

    private static ClusterRole Role(string name, (string Key, string Value)? label, params PolicyRule[] rules)
    {
        var role = new ClusterRole { Rules = [.. rules] };
        Defaults(role.Metadata, name);
        if (label is { } extra)
        {
            role.Metadata.Labels[extra.Key] = extra.Value;
        }

        return role;
    }

    private static ClusterRoleBinding Binding(string name, params string[] groups)
    {
        var binding = new ClusterRoleBinding { RoleRef = RoleRef.ToClusterRole(name), Subjects = [.. groups.Select(Subject.Group)] };
        Defaults(binding.Metadata, name);
        return binding;
    }

    private static void Defaults(ObjectMeta metadata, string name)
    {
        metadata.Name = name;
        metadata.Labels["kubernetes.io/bootstrapping"] = "rbac-defaults";
        metadata.Annotations[AutoUpdateAnnotation] = "true";
    }
}
