using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Security;
using AtRest.Kubernetes.Model.Rbac;
using static AtRest.ApiServer.Tests.Authorization.RbacTestPolicy;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// kube's default ClusterRoles and bindings for what AtRest serves, and how they are layered over stored objects as
/// kube-apiserver's start-up reconciliation leaves them.
/// </summary>
public sealed class BootstrapPolicyTests
{
    private static readonly IReadOnlyList<ClusterRole> Roles = BootstrapPolicy.ClusterRoles();

    [Fact]
    public void Default_roles_are_kube_s_names_with_kube_s_label_and_annotation()
    {
        Assert.Equal(
            ["admin", "cluster-admin", "edit", "system:aggregate-to-admin", "system:aggregate-to-edit", "system:aggregate-to-view",
             "system:basic-user", "system:discovery", "system:public-info-viewer", "view"],
            Roles.Select(role => role.Metadata.Name));
        Assert.All(Roles, role =>
        {
            Assert.Equal("rbac-defaults", role.Metadata.Labels["kubernetes.io/bootstrapping"]);
            Assert.Equal("true", role.Metadata.Annotations["rbac.authorization.kubernetes.io/autoupdate"]);
        });
        Assert.Equal(
            ["cluster-admin:Group/system:masters", "system:basic-user:Group/system:authenticated", "system:discovery:Group/system:authenticated",
             "system:public-info-viewer:Group/system:authenticated,Group/system:unauthenticated"],
            BootstrapPolicy.ClusterRoleBindings().Select(b => $"{b.RoleRef.Name}:{string.Join(",", b.Subjects.Select(s => s.Kind + "/" + s.Name))}"));
    }

    [Theory]
    [InlineData("view", "get", "configmaps", true)]
    [InlineData("view", "list", "namespaces", true)]
    [InlineData("view", "get", "secrets", false)]
    [InlineData("view", "list", "secrets", false)]
    [InlineData("view", "watch", "secrets", false)]
    [InlineData("view", "create", "configmaps", false)]
    [InlineData("edit", "get", "secrets", true)]
    [InlineData("edit", "deletecollection", "secrets", true)]
    [InlineData("edit", "update", "configmaps", true)]
    [InlineData("edit", "impersonate", "serviceaccounts", true)]
    [InlineData("view", "impersonate", "serviceaccounts", false)]
    [InlineData("edit", "create", "roles", false)]
    [InlineData("edit", "delete", "namespaces", false)]
    [InlineData("admin", "list", "secrets", true)]
    [InlineData("admin", "create", "rolebindings", true)]
    [InlineData("admin", "escalate", "roles", false)]
    [InlineData("admin", "delete", "namespaces", false)]
    [InlineData("cluster-admin", "delete", "namespaces", true)]
    public void Aggregated_roles_grant_what_kube_s_grant(string role, string verb, string resource, bool allowed)
    {
        var rules = Roles.Single(r => r.Metadata.Name == role).Rules;
        var group = resource is "roles" or "rolebindings" ? RbacGroup.Name : "";

        Assert.Equal(allowed, rules.Any(rule => rule.Allows(Resource(verb, resource, "team-a", "x", group))));
    }

    [Fact]
    public void Admin_covers_edit_and_edit_covers_view_as_aggregation_makes_them()
    {
        var admin = Roles.Single(r => r.Metadata.Name == "admin");
        var edit = Roles.Single(r => r.Metadata.Name == "edit");
        var view = Roles.Single(r => r.Metadata.Name == "view");

        Assert.True(RuleCoverage.Covers(admin.Rules, edit.Rules).Covered);
        Assert.True(RuleCoverage.Covers(edit.Rules, view.Rules).Covered);
        Assert.False(RuleCoverage.Covers(view.Rules, edit.Rules).Covered);
        Assert.Equal("rbac.authorization.k8s.io/aggregate-to-view", Assert.Single(Assert.Single(view.AggregationRule!.ClusterRoleSelectors).MatchLabels).Key);
        Assert.Equal("true", edit.Metadata.Labels["rbac.authorization.k8s.io/aggregate-to-admin"]);
    }

    [Fact]
    public void A_stored_default_gets_back_the_rules_it_lost_unless_autoupdate_is_false()
    {
        var trimmed = ClusterRole("view", PolicyRule.ForResources(["get"], [""], ["widgets"]));
        var pinned = ClusterRole("edit", PolicyRule.ForResources(["get"], [""], ["widgets"]));
        pinned.Metadata.Annotations[BootstrapPolicy.AutoUpdateAnnotation] = "false";
        var source = new BootstrapLayeredPolicySource(new RbacPolicySnapshot([trimmed, pinned], [], [], []));

        var view = source.FindClusterRole("view")!;
        var edit = source.FindClusterRole("edit")!;

        Assert.Equal(["widgets"], view.Rules[0].Resources);
        Assert.Contains(view.Rules, rule => rule.Resources.SequenceEqual(["configmaps"]) && rule.Verbs.SequenceEqual(["list"]));
        Assert.True(RuleCoverage.Covers(view.Rules, Roles.Single(r => r.Metadata.Name == "view").Rules).Covered);
        Assert.Same(pinned, edit);
        Assert.NotNull(source.FindClusterRole("admin"));
        Assert.Equal(source.ClusterRoles().Select(r => r.Metadata.Name).Order(StringComparer.Ordinal), source.ClusterRoles().Select(r => r.Metadata.Name));
    }

    [Fact]
    public void A_stored_default_binding_to_another_role_is_replaced_by_the_default_as_kube_recreates_it()
    {
        var rebound = ClusterBinding("cluster-admin", "view", Subject.User("root"));
        var source = new BootstrapLayeredPolicySource(new RbacPolicySnapshot([], [], [rebound], []));

        var binding = source.ClusterRoleBindings().Single(b => b.Metadata.Name == "cluster-admin");

        // kube's computeReconciledRoleBinding: a different roleRef is ReconcileRecreate with the default object.
        Assert.Equal(RoleRef.ToClusterRole("cluster-admin"), binding.RoleRef);
        Assert.Equal([Subject.Group(AuthenticatedUser.MastersGroup)], binding.Subjects);
        Assert.Same(source.ClusterRoleBindings(), source.ClusterRoleBindings());
    }

    [Fact]
    public void A_stored_default_binding_keeps_its_subjects_and_regains_the_default_ones()
    {
        var extended = ClusterBinding("cluster-admin", "cluster-admin", Subject.User("root"));
        var source = new BootstrapLayeredPolicySource(new RbacPolicySnapshot([], [], [extended], []));

        var binding = source.ClusterRoleBindings().Single(b => b.Metadata.Name == "cluster-admin");

        Assert.Equal(RoleRef.ToClusterRole("cluster-admin"), binding.RoleRef);
        Assert.Equal([Subject.User("root"), Subject.Group(AuthenticatedUser.MastersGroup)], binding.Subjects);
        Assert.Same(source.ClusterRoleBindings(), source.ClusterRoleBindings());
    }

    [Fact]
    public void Stored_objects_of_other_names_pass_through()
    {
        var source = new BootstrapLayeredPolicySource(Stored());

        Assert.NotNull(source.FindClusterRole("secret-reader"));
        Assert.NotNull(source.FindRole("team-a", "configmap-editor"));
        Assert.Null(source.FindRole("team-b", "configmap-editor"));
        Assert.Equal(3, source.RoleBindings("team-a").Count);
        Assert.Contains(source.ClusterRoleBindings(), b => b.Metadata.Name == "auditors-view");
    }
}
