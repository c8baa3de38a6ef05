using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// The one authorization decision: system:masters may do anything (no reason, as kube's privileged-group
/// authorizer), other authenticated users only what system:basic-user, system:discovery and system:public-info-viewer
/// grant (the self-subject reviews, discovery, health; with RBAC's reason); rules listed from the bindings, matched as
/// kube's RBAC matches them.
/// </summary>
public sealed class BootstrapAuthorizerTests
{
    private static readonly AuthenticatedUser Bob = new("bob", ["developers", "system:authenticated"]);
    private readonly IAuthorizer _authorizer = BootstrapAuthorizer.Instance;

    [Fact]
    public void System_masters_may_do_anything_without_a_reason()
    {
        var decision = _authorizer.Authorize(AuthenticatedUser.Admin, Resource("delete", "", "secrets", "default", "s1"));
        Assert.Equal(new AuthorizationDecision(true, false, ""), decision);
        Assert.True(_authorizer.Authorize(AuthenticatedUser.Admin, Url("get", "/metrics")).Allowed);
    }

    [Fact]
    public void Authenticated_user_may_create_the_self_subject_reviews_and_read_discovery_and_nothing_else()
    {
        var review = _authorizer.Authorize(Bob, Resource("create", "authorization.k8s.io", "selfsubjectaccessreviews", "", ""));
        Assert.Equal(new AuthorizationDecision(true, false,
            "RBAC: allowed by ClusterRoleBinding \"system:basic-user\" of ClusterRole \"system:basic-user\" to Group \"system:authenticated\""), review);
        Assert.True(_authorizer.Authorize(Bob, Resource("create", "authentication.k8s.io", "selfsubjectreviews", "", "")).Allowed);
        Assert.True(_authorizer.Authorize(Bob, Resource("create", "authorization.k8s.io", "selfsubjectrulesreviews", "", "")).Allowed);

        Assert.Equal(AuthorizationDecision.NoOpinion, _authorizer.Authorize(Bob, Resource("get", "", "secrets", "default", "s1")));
        Assert.False(_authorizer.Authorize(Bob, Resource("list", "authorization.k8s.io", "selfsubjectaccessreviews", "", "")).Allowed);
        Assert.False(_authorizer.Authorize(Bob, Resource("create", "authentication.k8s.io", "selfsubjectaccessreviews", "", "")).Allowed);
        Assert.Equal(new AuthorizationDecision(true, false,
            "RBAC: allowed by ClusterRoleBinding \"system:discovery\" of ClusterRole \"system:discovery\" to Group \"system:authenticated\""),
            _authorizer.Authorize(Bob, Url("get", "/apis/authorization.k8s.io/v1")));
        Assert.True(_authorizer.Authorize(Bob, Url("get", "/openapi/v3")).Allowed);
        Assert.False(_authorizer.Authorize(Bob, Url("post", "/api")).Allowed);
        Assert.False(_authorizer.Authorize(Bob, Url("get", "/metrics")).Allowed);
        Assert.False(_authorizer.Authorize(Bob, Resource("list", "", "namespaces", "", "")).Allowed);
    }

    [Fact]
    public void A_user_outside_system_authenticated_gets_nothing()
    {
        var stranger = new AuthenticatedUser("stranger", []);
        Assert.False(_authorizer.Authorize(stranger, Resource("create", "authorization.k8s.io", "selfsubjectaccessreviews", "", "")).Allowed);
        var rules = _authorizer.RulesFor(stranger, "default");
        Assert.Empty(rules.ResourceRules);
        Assert.Empty(rules.NonResourceRules);
    }

    [Fact]
    public void Rules_for_masters_are_cluster_admin_and_the_authenticated_roles()
    {
        var rules = _authorizer.RulesFor(AuthenticatedUser.Admin, "default");
        Assert.False(rules.Incomplete);
        Assert.Equal("", rules.EvaluationError);
        Assert.Equal(3, rules.ResourceRules.Count);
        Assert.Equal(["*"], rules.ResourceRules[0].Verbs);
        Assert.Equal(["*"], rules.ResourceRules[0].ApiGroups);
        Assert.Equal(["*"], rules.ResourceRules[0].Resources);
        Assert.Equal(3, rules.NonResourceRules.Count);
        Assert.Equal(["*"], rules.NonResourceRules[0].Verbs);
        Assert.Equal(["*"], rules.NonResourceRules[0].NonResourceUrls);

        var bob = _authorizer.RulesFor(Bob, "default");
        Assert.Equal(2, bob.NonResourceRules.Count);
        Assert.Contains("/openapi/*", bob.NonResourceRules[0].NonResourceUrls);
        Assert.Equal(["selfsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews"], bob.ResourceRules.SelectMany(rule => rule.Resources));
        Assert.All(bob.ResourceRules, rule => Assert.Equal(["create"], rule.Verbs));
    }

    [Theory]
    [InlineData("get", "secrets", "", "", true)]
    [InlineData("get", "secrets", "status", "", false)]
    [InlineData("get", "configmaps", "", "", false)]
    [InlineData("watch", "secrets", "", "", false)]
    [InlineData("get", "pods", "log", "", true)]
    [InlineData("get", "secrets", "", "other", false)]
    public void Resource_rules_match_as_rbac_does(string verb, string resource, string subresource, string name, bool allowed)
    {
        var rule = new PolicyRule(["get", "list"], [""], ["secrets", "*/log"], name.Length == 0 ? [] : ["only"], []);
        var attributes = new RequestInfo(true, verb, "", "v1", resource, subresource, "default", name, "");
        Assert.Equal(allowed, rule.Allows(attributes));
    }

    [Theory]
    [InlineData("/healthz", true)]
    [InlineData("/apis/anything", true)]
    [InlineData("/apis", false)]
    [InlineData("/api", false)]
    public void Url_rules_match_exactly_or_by_a_star_suffix(string path, bool allowed)
    {
        var rule = PolicyRule.ForUrls(["get"], ["/healthz", "/apis/*"]);
        Assert.Equal(allowed, rule.Allows(Url("get", path)));
        Assert.False(rule.Allows(Url("post", path)));
    }

    private static RequestInfo Resource(string verb, string group, string resource, string ns, string name) =>
        new(true, verb, group, "v1", resource, "", ns, name, "");

    private static RequestInfo Url(string verb, string path) => new(false, verb, "", "", "", "", "", "", path);
}
