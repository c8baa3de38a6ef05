using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Security;
using AtRest.Kubernetes.Model.Rbac;
using static AtRest.ApiServer.Tests.Authorization.RbacTestPolicy;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// What SelfSubjectRulesReview (<c>kubectl auth can-i --list</c>) lists from RBAC: cluster bindings' rules in binding
/// name order, then the namespace's role bindings'; resource and non-resource rules apart; never incomplete; role
/// references that could not be resolved in the evaluation error.
/// </summary>
public sealed class RbacRulesReviewTests
{
    private static readonly RbacAuthorizer Rbac = Authorizer();

    [Fact]
    public void Rules_come_from_cluster_bindings_then_the_namespace_role_bindings()
    {
        var rules = Rbac.RulesFor(Alice, "team-a");

        Assert.False(rules.Incomplete);
        Assert.Equal("", rules.EvaluationError);
        Assert.Equal(
        [
            "list,watch||namespaces|",                                        // alice-ns-lister
            "create|authorization.k8s.io|selfsubjectaccessreviews,selfsubjectrulesreviews|", // system:basic-user
            "create|authentication.k8s.io|selfsubjectreviews|",
            "get,list,watch||secrets|",                                       // edit in team-a
            "impersonate||serviceaccounts|",
            "create,update,patch,delete,deletecollection||configmaps,secrets|",
            "get,list,watch||configmaps|",
            "get,list,watch||events,namespaces/status|",
            "get,list,watch||namespaces|",
        ], rules.ResourceRules.Select(Describe));
        Assert.Equal(
        [
            "get|/livez,/readyz,/healthz,/version,/version/,/openapi,/openapi/*,/api,/api/*,/apis,/apis/*",
            "get|/livez,/readyz,/healthz,/version,/version/",
        ], rules.NonResourceRules.Select(rule => string.Join(",", rule.Verbs) + "|" + string.Join(",", rule.NonResourceUrls)));
    }

    [Fact]
    public void Another_namespace_lists_only_the_cluster_wide_rules()
    {
        var rules = Rbac.RulesFor(Alice, "team-b");

        Assert.Equal(3, rules.ResourceRules.Count);
        Assert.DoesNotContain(rules.ResourceRules, rule => rule.Resources.Contains("secrets"));
    }

    [Fact]
    public void Resource_names_are_listed_with_their_rule()
    {
        var rule = Assert.Single(Rbac.RulesFor(App, "team-a").ResourceRules, r => r.Resources.Contains("secrets"));

        Assert.Equal(["app-token"], rule.ResourceNames);
        Assert.Equal(["get"], rule.Verbs);
    }

    [Fact]
    public void An_unresolvable_role_reference_is_the_evaluation_error_and_the_list_stays_complete()
    {
        var rules = Rbac.RulesFor(Dave, "team-b");

        Assert.False(rules.Incomplete);
        Assert.Equal("role.rbac.authorization.k8s.io \"ghost\" not found", rules.EvaluationError);
        Assert.Equal(2, rules.ResourceRules.Count);
    }

    [Fact]
    public void A_rule_with_resources_and_urls_is_listed_in_both()
    {
        var mixed = new PolicyRule(["get"], [""], ["configmaps"], [], ["/metrics"]);
        var source = new RbacPolicySnapshot([ClusterRole("mixed", mixed)], [], [ClusterBinding("mixed", "mixed", Subject.User("zed"))], []);

        var rules = new RbacAuthorizer(source).RulesFor(new AuthenticatedUser("zed", []), "");

        Assert.Same(mixed, Assert.Single(rules.ResourceRules));
        Assert.Same(mixed, Assert.Single(rules.NonResourceRules));
    }

    private static string Describe(PolicyRule rule) =>
        $"{string.Join(",", rule.Verbs)}|{string.Join(",", rule.ApiGroups)}|{string.Join(",", rule.Resources)}|{string.Join(",", rule.ResourceNames)}";
}
