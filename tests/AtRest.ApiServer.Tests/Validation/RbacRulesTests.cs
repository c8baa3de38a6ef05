using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Validation;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Tests.Validation;

/// <summary>
/// kube's RBAC validation and defaulting: field paths and texts of ValidateRole, ValidateClusterRole,
/// ValidateRoleBinding and ValidateClusterRoleBinding, immutable roleRef, subject kinds and their API groups.
/// </summary>
public sealed class RbacRulesTests
{
    [Fact]
    public void A_valid_role_and_cluster_role_pass()
    {
        Assert.Empty(RbacRules.Validate(Role("team-a", "reader", PolicyRule.ForNames(["get"], [""], ["secrets"], ["db"]))));
        Assert.Empty(RbacRules.Validate(ClusterRole("system:metrics", PolicyRule.ForUrls(["get"], ["/metrics"]))));
    }

    [Fact]
    public void Rule_errors_carry_kube_s_paths_and_texts()
    {
        var errors = RbacRules.Validate(Role("team-a", "bad",
            new PolicyRule([], [], [], [], []),
            PolicyRule.ForUrls(["get"], ["/metrics"]),
            new PolicyRule(["get"], [""], ["secrets"], [], ["/x"])));

        Assert.Equal(
        [
            "rules[0].verbs: Required value: verbs must contain at least one value",
            "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
            "rules[0].resources: Required value: resource rules must supply at least one resource",
            "rules[1].nonResourceURLs: Invalid value: []string{\"/metrics\"}: namespaced rules cannot apply to non-resource URLs",
            "rules[2].nonResourceURLs: Invalid value: []string{\"/x\"}: namespaced rules cannot apply to non-resource URLs",
            "rules[2].nonResourceURLs: Invalid value: []string{\"/x\"}: rules cannot apply to both regular resources and non-resource URLs",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Names_are_path_segments_and_namespaces_are_required_only_for_roles_and_role_bindings()
    {
        Assert.Equal(
        [
            "metadata.name: Invalid value: \"a/b\": may not contain '/'",
            "metadata.namespace: Required value",
        ], RbacRules.Validate(Role("", "a/b")).Select(e => e.ToString()));
        Assert.Equal(["metadata.namespace: Forbidden: not allowed on this type"],
            RbacRules.Validate(ClusterRole("x", PolicyRule.ForResources(["get"], [""], ["secrets"]), ns: "team-a")).Select(e => e.ToString()));
        Assert.Empty(RbacRules.Validate(ClusterRole("system:controller:x")));
    }

    [Fact]
    public void Aggregation_rule_needs_selectors_that_are_valid()
    {
        var empty = ClusterRole("agg");
        empty.AggregationRule = new AggregationRule();
        var bad = ClusterRole("agg");
        var selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "team", Operator = "In" },
            new LabelSelectorRequirement { Key = "-bad", Operator = "Exists", Values = ["x"] }, new LabelSelectorRequirement { Key = "k", Operator = "Near", Values = ["a b"] }] };
        bad.AggregationRule = new AggregationRule { ClusterRoleSelectors = [selector] };

        Assert.Equal(["aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil"],
            RbacRules.Validate(empty).Select(e => e.ToString()));
        var errors = RbacRules.Validate(bad).Select(e => e.ToString()).ToList();
        Assert.Equal("aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'", errors[0]);
        Assert.Equal("aggregationRule.clusterRoleSelectors[0].matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'", errors[1]);
        Assert.StartsWith("aggregationRule.clusterRoleSelectors[0].matchExpressions[1].key: Invalid value: \"-bad\": name part must consist of", errors[2], StringComparison.Ordinal);
        Assert.Equal("aggregationRule.clusterRoleSelectors[0].matchExpressions[2].operator: Invalid value: \"Near\": not a valid selector operator", errors[3]);
        Assert.StartsWith("aggregationRule.clusterRoleSelectors[0].matchExpressions[2].values[0]: Invalid value: \"a b\": a valid label must be", errors[4], StringComparison.Ordinal);
        Assert.Equal("aggregationRule.clusterRoleSelectors[0]: Invalid value: \"null\": invalid label selector.", errors[5]);
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public void Binding_role_refs_and_subjects_are_checked_as_kube_does()
    {
        var binding = Binding("team-a", "b", new RoleRef("example.com", "Secret", ""),
            new Subject("User", "", "alice", ""),
            new Subject("ServiceAccount", "v1", "Not_Valid", ""),
            new Subject("Robot", "", "", ""));

        Assert.Equal(
        [
            "roleRef.apiGroup: Unsupported value: \"example.com\": supported values: \"rbac.authorization.k8s.io\"",
            "roleRef.kind: Unsupported value: \"Secret\": supported values: \"Role\", \"ClusterRole\"",
            "roleRef.name: Required value",
            "subjects[0].apiGroup: Unsupported value: \"\": supported values: \"rbac.authorization.k8s.io\"",
            "subjects[1].name: Invalid value: \"Not_Valid\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            "subjects[1].apiGroup: Unsupported value: \"v1\": supported values: \"\"",
            "subjects[2].name: Required value",
            "subjects[2].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"",
        ], RbacRules.Validate(binding).Select(e => e.ToString()));
    }

    [Fact]
    public void Cluster_role_bindings_reference_only_cluster_roles_and_need_service_account_namespaces()
    {
        var binding = ClusterBinding("b", RoleRef.ToRole("r"), Subject.ServiceAccount("", "app"), Subject.ServiceAccount("apps", "app"));

        Assert.Equal(
        [
            "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
            "subjects[0].namespace: Required value",
        ], RbacRules.Validate(binding).Select(e => e.ToString()));
    }

    [Fact]
    public void Defaulting_fills_the_api_groups_kube_fills()
    {
        var binding = Binding("team-a", "b", new RoleRef("", "ClusterRole", "view"),
            new Subject("User", "", "alice", ""), new Subject("Group", "", "devs", ""), new Subject("ServiceAccount", "", "app", ""));

        RbacDefaults.Apply(binding);

        Assert.Equal(RoleRef.ToClusterRole("view"), binding.RoleRef);
        Assert.Equal([Subject.User("alice"), Subject.Group("devs"), Subject.ServiceAccount("", "app")], binding.Subjects);
        Assert.Empty(RbacRules.Validate(binding));
    }

    [Fact]
    public void Role_ref_may_not_change_on_update()
    {
        var old = Binding("team-a", "b", RoleRef.ToClusterRole("view"), Subject.User("alice"));
        var updated = Binding("team-a", "b", RoleRef.ToClusterRole("edit"), Subject.User("alice"), Subject.User("bob"));
        var sameRef = Binding("team-a", "b", RoleRef.ToClusterRole("view"), Subject.User("bob"));

        var errors = RbacRules.ValidateUpdate(updated, old);

        Assert.Equal(["roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef"],
            errors.Select(e => e.ToString()));
        Assert.Empty(RbacRules.ValidateUpdate(sameRef, old));
        var failure = ApiErrors.Invalid(RbacGroup.Name, RoleBinding.KindName, "b", errors);
        Assert.Equal("RoleBinding.rbac.authorization.k8s.io \"b\" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", " +
            "Kind:\"ClusterRole\", Name:\"edit\"}: cannot change roleRef", failure.Message);
    }

    [Fact]
    public void An_update_is_spared_only_the_value_errors_of_selectors_stored_before_values_were_checked()
    {
        var old = ClusterRole("agg");
        old.AggregationRule = new AggregationRule { ClusterRoleSelectors = [new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "k", Operator = "In", Values = ["a b"] }] }] };
        var updated = ClusterRole("agg");
        updated.AggregationRule = old.AggregationRule;
        updated.Metadata.Labels["x"] = "y";

        Assert.Equal(["aggregationRule.clusterRoleSelectors[0]: Invalid value: \"null\": invalid label selector."],
            RbacRules.ValidateUpdate(updated, old).Select(e => e.ToString()));
        Assert.Equal(2, RbacRules.Validate(updated).Count);
    }

    private static Role Role(string ns, string name, params PolicyRule[] rules)
    {
        var role = new Role { Rules = [.. rules] };
        role.Metadata.Name = name;
        role.Metadata.Namespace = ns;
        return role;
    }

    private static ClusterRole ClusterRole(string name, PolicyRule? rule = null, string ns = "")
    {
        var role = new ClusterRole { Rules = rule is null ? [] : [rule] };
        role.Metadata.Name = name;
        role.Metadata.Namespace = ns;
        return role;
    }

    private static RoleBinding Binding(string ns, string name, RoleRef roleRef, params Subject[] subjects)
    {
        var binding = new RoleBinding { RoleRef = roleRef, Subjects = [.. subjects] };
        binding.Metadata.Name = name;
        binding.Metadata.Namespace = ns;
        return binding;
    }

    private static ClusterRoleBinding ClusterBinding(string name, RoleRef roleRef, params Subject[] subjects)
    {
        var binding = new ClusterRoleBinding { RoleRef = roleRef, Subjects = [.. subjects] };
        binding.Metadata.Name = name;
        return binding;
    }
}
