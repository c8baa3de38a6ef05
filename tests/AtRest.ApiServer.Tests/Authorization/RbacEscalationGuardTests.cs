using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using AtRest.Kubernetes.Model.Rbac;
using static AtRest.ApiServer.Tests.Authorization.RbacTestPolicy;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// Escalation prevention as kube's role and binding storage applies it: a user writes only roles whose rules they
/// hold and bindings to roles whose rules they hold, unless they may <c>escalate</c> the role or <c>bind</c> the
/// referenced role; <c>system:masters</c> always may. Refusals carry kube's message word for word.
/// </summary>
public sealed class RbacEscalationGuardTests
{
    private static readonly RbacAuthorizer Rbac = Authorizer();
    private static readonly RbacEscalationGuard Guard = new(new BootstrapAuthorizer(Rbac), Rbac.Resolver);

    [Fact]
    public void A_role_within_what_the_user_holds_may_be_created()
    {
        Guard.ConfirmRoleWrite(Carol, Create("roles", "team-b"),
            Role("team-b", "secret-reader", PolicyRule.ForResources(["get", "list"], [""], ["secrets"])));
        Guard.ConfirmRoleWrite(Alice, Create("roles", "team-a"),
            Role("team-a", "one-secret", PolicyRule.ForNames(["get"], [""], ["secrets"], ["db"])));
    }

    [Fact]
    public void A_role_granting_more_is_forbidden_with_kube_s_message()
    {
        var error = Assert.Throws<ApiException>(() => Guard.ConfirmRoleWrite(Carol, Create("roles", "team-b"),
            Role("team-b", "pods", PolicyRule.ForResources(["get", "list"], [""], ["pods", "nodes"]), PolicyRule.ForResources(["get"], [""], ["secrets"]))));

        Assert.Equal(403, error.Code);
        Assert.Equal("Forbidden", error.Reason);
        Assert.Equal(
            "roles.rbac.authorization.k8s.io \"pods\" is forbidden: user \"carol\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n" +
            "{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"get\" \"list\"]}\n" +
            "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\" \"list\"]}",
            error.Message);
        Assert.Equal(("pods", "rbac.authorization.k8s.io", "roles"), (error.Details!.Name, error.Details.Group, error.Details.Kind));
    }

    [Fact]
    public void What_a_user_holds_in_one_namespace_does_not_count_in_another()
    {
        var error = Assert.Throws<ApiException>(() => Guard.ConfirmRoleWrite(Carol, Create("roles", "team-a"),
            Role("team-a", "r", PolicyRule.ForResources(["get"], [""], ["secrets"]))));

        Assert.EndsWith("not currently held:\n{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_role_is_checked_against_cluster_wide_rules_only()
    {
        // alice holds "get secrets" only through a RoleBinding in team-a: not enough for a ClusterRole.
        var error = Assert.Throws<ApiException>(() => Guard.ConfirmRoleWrite(Alice, Create("clusterroles", ""),
            ClusterRole("reader", PolicyRule.ForResources(["list"], [""], ["namespaces"]), PolicyRule.ForResources(["get"], [""], ["secrets"]))));

        Assert.StartsWith("clusterroles.rbac.authorization.k8s.io \"reader\" is forbidden: user \"alice\"", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(":\n{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aggregation_rule_needs_full_authority()
    {
        var role = ClusterRole("gathering");
        role.AggregationRule = new AggregationRule();

        var error = Assert.Throws<ApiException>(() => Guard.ConfirmRoleWrite(Alice, Create("clusterroles", ""), role));

        Assert.Equal("clusterroles.rbac.authorization.k8s.io \"gathering\" is forbidden: must have cluster-admin privileges to use the aggregationRule", error.Message);
        Guard.ConfirmRoleWrite(AuthenticatedUser.Admin, Create("clusterroles", ""), role);
    }

    [Fact]
    public void Escalate_on_roles_lets_a_user_write_any_role_there_and_nowhere_else()
    {
        var wide = Role("team-c", "anything", PolicyRule.ForResources(["*"], ["*"], ["*"]));

        Guard.ConfirmRoleWrite(Frank, Create("roles", "team-c"), wide);
        Assert.Throws<ApiException>(() => Guard.ConfirmRoleWrite(Frank, Create("roles", "team-a"), Role("team-a", "anything", wide.Rules[0])));
        Assert.Throws<ApiException>(() => Guard.ConfirmBindingWrite(Frank, Create("rolebindings", "team-c"),
            Binding("team-c", "b", RoleRef.ToClusterRole("edit"), Subject.User("frank"))));
    }

    [Fact]
    public void A_binding_to_a_role_within_what_the_user_holds_may_be_created()
    {
        Guard.ConfirmBindingWrite(Carol, Create("rolebindings", "team-b"), Binding("team-b", "b", RoleRef.ToClusterRole("edit"), Subject.User("zed")));
        Guard.ConfirmBindingWrite(Carol, Create("rolebindings", "team-b"), Binding("team-b", "v", RoleRef.ToClusterRole("view"), Subject.Group("g")));
    }

    [Fact]
    public void A_binding_to_a_bigger_role_is_forbidden_naming_everything_missing()
    {
        var error = Assert.Throws<ApiException>(() => Guard.ConfirmBindingWrite(Carol, Create("rolebindings", "team-b"),
            Binding("team-b", "root", RoleRef.ToClusterRole("cluster-admin"), Subject.User("carol"))));

        Assert.Equal(
            "rolebindings.rbac.authorization.k8s.io \"root\" is forbidden: user \"carol\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n" +
            "{APIGroups:[\"*\"], Resources:[\"*\"], Verbs:[\"*\"]}\n" +
            "{NonResourceURLs:[\"*\"], Verbs:[\"*\"]}",
            error.Message);
    }

    [Fact]
    public void Bind_on_a_named_cluster_role_lets_a_user_bind_that_role_only()
    {
        Guard.ConfirmBindingWrite(Erin, Create("rolebindings", "team-c"), Binding("team-c", "viewers", RoleRef.ToClusterRole("view"), Subject.Group("g")));

        var error = Assert.Throws<ApiException>(() => Guard.ConfirmBindingWrite(Erin, Create("rolebindings", "team-c"),
            Binding("team-c", "editors", RoleRef.ToClusterRole("edit"), Subject.Group("g"))));
        Assert.Contains("user \"erin\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n", error.Message, StringComparison.Ordinal);
        Assert.Throws<ApiException>(() => Guard.ConfirmBindingWrite(Erin, Create("rolebindings", "team-a"),
            Binding("team-a", "viewers", RoleRef.ToClusterRole("view"), Subject.Group("g"))));
    }

    [Fact]
    public void A_binding_to_a_missing_role_is_not_found_as_the_registry_says_it()
    {
        var error = Assert.Throws<ApiException>(() => Guard.ConfirmBindingWrite(Carol, Create("rolebindings", "team-b"),
            Binding("team-b", "b", RoleRef.ToRole("ghost"), Subject.User("zed"))));

        Assert.Equal(404, error.Code);
        Assert.Equal("roles.rbac.authorization.k8s.io \"ghost\" not found", error.Message);
        var cluster = Assert.Throws<ApiException>(() => Guard.ConfirmBindingWrite(Carol, Create("clusterrolebindings", ""),
            ClusterBinding("b", "ghost", Subject.User("zed"))));
        Assert.Equal("clusterroles.rbac.authorization.k8s.io \"ghost\" not found", cluster.Message);
    }

    [Fact]
    public void Resolution_errors_while_listing_the_user_s_rules_are_appended()
    {
        var error = Assert.Throws<ApiException>(() => Guard.ConfirmRoleWrite(Dave, Create("roles", "team-b"),
            Role("team-b", "r", PolicyRule.ForResources(["get"], [""], ["configmaps"]))));

        Assert.EndsWith("{APIGroups:[\"\"], Resources:[\"configmaps\"], Verbs:[\"get\"]}; resolution errors: [role.rbac.authorization.k8s.io \"ghost\" not found]",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Masters_may_write_anything()
    {
        Guard.ConfirmRoleWrite(AuthenticatedUser.Admin, Create("roles", "team-a"), Role("team-a", "all", PolicyRule.ForResources(["*"], ["*"], ["*"])));
        Guard.ConfirmBindingWrite(AuthenticatedUser.Admin, Create("clusterrolebindings", ""), ClusterBinding("ghosts", "ghost", Subject.User("x")));
    }

    [Fact]
    public void An_update_that_only_changes_finalizers_or_owners_is_not_checked()
    {
        var old = Role("team-b", "pods", PolicyRule.ForResources(["get"], [""], ["pods"]));
        var finalized = Role("team-b", "pods", PolicyRule.ForResources(["get"], [""], ["pods"]));
        finalized.Metadata.Finalizers.Add("example.com/keep");
        finalized.Metadata.ResourceVersion = "7";
        var relabelled = Role("team-b", "pods", PolicyRule.ForResources(["get"], [""], ["pods"]));
        relabelled.Metadata.Labels["x"] = "y";

        Guard.ConfirmRoleUpdate(Carol, Update("roles", "team-b", "pods"), finalized, old);
        Assert.Throws<ApiException>(() => Guard.ConfirmRoleUpdate(Carol, Update("roles", "team-b", "pods"), relabelled, old));
        Assert.Throws<ApiException>(() => Guard.ConfirmBindingUpdate(Carol, Update("rolebindings", "team-b", "b"),
            Binding("team-b", "b", RoleRef.ToClusterRole("cluster-admin"), Subject.User("x")),
            Binding("team-b", "b", RoleRef.ToClusterRole("cluster-admin"))));
    }

    [Fact]
    public void The_no_escalation_check_alone_answers_null_when_covered()
    {
        Assert.Null(Guard.NoEscalationError(Ann, "", [PolicyRule.ForResources(["list"], [""], ["configmaps"])]));
        Assert.NotNull(Guard.NoEscalationError(Ann, "", [PolicyRule.ForResources(["list"], [""], ["secrets"])]));
    }

    private static RequestInfo Create(string resource, string ns) =>
        new(true, "create", RbacGroup.Name, "v1", resource, "", ns, "", "");

    private static RequestInfo Update(string resource, string ns, string name) =>
        new(true, "update", RbacGroup.Name, "v1", resource, "", ns, name, "");
}
