using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// The policy the RBAC unit tests decide against, layered over kube's defaults as the server will run it:
/// <list type="bullet">
/// <item>alice: <c>edit</c> in team-a (RoleBinding), may list namespaces (ClusterRoleBinding);</item>
/// <item>group devs: Role <c>configmap-editor</c> in team-a;</item>
/// <item>group auditors: <c>view</c> everywhere;</item>
/// <item>service account team-a/app: ClusterRole <c>secret-reader</c> (get secret <c>app-token</c> only) in team-a,
/// the subject's namespace left empty so it defaults to the binding's;</item>
/// <item>service account monitoring/prom: <c>/metrics</c> and <c>/debug/*</c>; group system:serviceaccounts:ci: list namespaces;</item>
/// <item>carol: <c>admin</c> in team-b; dave: a RoleBinding in team-b to a Role that does not exist;</item>
/// <item>ivan: may impersonate user alice and any group;</item>
/// <item>erin: may <c>bind</c> ClusterRole <c>view</c> and create role bindings in team-c; frank: may <c>escalate</c> and create roles in team-c.</item>
/// </list>
/// </summary>
internal static class RbacTestPolicy
{
    public static readonly AuthenticatedUser Alice = User("alice");
    public static readonly AuthenticatedUser Bob = User("bob", "devs");
    public static readonly AuthenticatedUser Ann = User("ann", "auditors");
    public static readonly AuthenticatedUser App = ServiceAccount("team-a", "app");
    public static readonly AuthenticatedUser Prom = ServiceAccount("monitoring", "prom");
    public static readonly AuthenticatedUser Builder = ServiceAccount("ci", "builder");
    public static readonly AuthenticatedUser Carol = User("carol");
    public static readonly AuthenticatedUser Dave = User("dave");
    public static readonly AuthenticatedUser Erin = User("erin");
    public static readonly AuthenticatedUser Frank = User("frank");
    public static readonly AuthenticatedUser Ivan = User("ivan");
    public static readonly AuthenticatedUser Anonymous = new("system:anonymous", [BootstrapPolicy.UnauthenticatedGroup]);

    private static readonly string[] ReadWrite = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

    /// <summary>The stored objects (without kube's defaults).</summary>
    public static RbacPolicySnapshot Stored() => new(
        [
            ClusterRole("secret-reader", PolicyRule.ForNames(["get"], [""], ["secrets"], ["app-token"])),
            ClusterRole("ns-lister", PolicyRule.ForResources(["list", "watch"], [""], ["namespaces"])),
            ClusterRole("metrics-reader", PolicyRule.ForUrls(["get"], ["/metrics", "/debug/*"])),
            ClusterRole("view-binder", PolicyRule.ForNames(["bind"], [RbacGroup.Name], ["clusterroles"], ["view"]),
                PolicyRule.ForResources(["create"], [RbacGroup.Name], ["rolebindings"])),
            ClusterRole("impersonator", PolicyRule.ForNames(["impersonate"], [""], ["users"], ["alice"]),
                PolicyRule.ForResources(["impersonate"], [""], ["groups"])),
            ClusterRole("role-escalator", PolicyRule.ForResources(["escalate", "create"], [RbacGroup.Name], ["roles"])),
        ],
        [Role("team-a", "configmap-editor", PolicyRule.ForResources(ReadWrite, [""], ["configmaps"]))],
        [
            ClusterBinding("alice-ns-lister", "ns-lister", Subject.User("alice")),
            ClusterBinding("auditors-view", "view", Subject.Group("auditors")),
            ClusterBinding("ivan-impersonates", "impersonator", Subject.User("ivan")),
            ClusterBinding("ci-ns-lister", "ns-lister", Subject.Group("system:serviceaccounts:ci")),
            ClusterBinding("prom-metrics", "metrics-reader", Subject.ServiceAccount("monitoring", "prom")),
        ],
        [
            Binding("team-a", "alice-edit", RoleRef.ToClusterRole("edit"), Subject.User("alice")),
            Binding("team-a", "devs-configmaps", RoleRef.ToRole("configmap-editor"), Subject.Group("devs")),
            Binding("team-a", "app-token", RoleRef.ToClusterRole("secret-reader"), Subject.ServiceAccount("", "app")),
            Binding("team-b", "carol-admin", RoleRef.ToClusterRole("admin"), Subject.User("carol")),
            Binding("team-b", "dave-ghost", RoleRef.ToRole("ghost"), Subject.User("dave")),
            Binding("team-c", "erin-binder", RoleRef.ToClusterRole("view-binder"), Subject.User("erin")),
            Binding("team-c", "frank-escalator", RoleRef.ToClusterRole("role-escalator"), Subject.User("frank")),
        ]);

    /// <summary>The RBAC authorizer over the stored objects and kube's defaults.</summary>
    public static RbacAuthorizer Authorizer() => new(new BootstrapLayeredPolicySource(Stored()));

    public static AuthenticatedUser User(string name, params string[] groups) => new(name, [.. groups, BootstrapPolicy.AuthenticatedGroup]);

    // The groups kube's service account authenticator gives a token's user.
    public static AuthenticatedUser ServiceAccount(string ns, string name) =>
        new($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", BootstrapPolicy.AuthenticatedGroup]);

    public static RequestInfo Resource(string verb, string resource, string ns, string name = "", string group = "", string subresource = "") =>
        new(true, verb, group, "v1", resource, subresource, ns, name, "");

    public static RequestInfo Url(string verb, string path) => new(false, verb, "", "", "", "", "", "", path);

    public static ClusterRole ClusterRole(string name, params PolicyRule[] rules)
    {
        var role = new ClusterRole { Rules = [.. rules] };
        role.Metadata.Name = name;
        return role;
    }

    public static Role Role(string ns, string name, params PolicyRule[] rules)
    {
        var role = new Role { Rules = [.. rules] };
        role.Metadata.Name = name;
        role.Metadata.Namespace = ns;
        return role;
    }

    public static ClusterRoleBinding ClusterBinding(string name, string clusterRole, params Subject[] subjects)
    {
        var binding = new ClusterRoleBinding { RoleRef = RoleRef.ToClusterRole(clusterRole), Subjects = [.. subjects] };
        binding.Metadata.Name = name;
        return binding;
    }

    public static RoleBinding Binding(string ns, string name, RoleRef roleRef, params Subject[] subjects)
    {
        var binding = new RoleBinding { RoleRef = roleRef, Subjects = [.. subjects] };
        binding.Metadata.Name = name;
        binding.Metadata.Namespace = ns;
        return binding;
    }
}
