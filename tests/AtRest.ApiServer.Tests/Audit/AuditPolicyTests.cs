using AtRest.ApiServer.Audit;
using AtRest.ApiServer.Hosting;

namespace AtRest.ApiServer.Tests.Audit;

/// <summary>Which rule a request matches, with the semantics of kube's policy checker; the first match wins.</summary>
public sealed class AuditPolicyTests
{
    private static readonly string[] Admins = ["system:masters", "system:authenticated"];

    [Fact]
    public void Users_and_groups_select_who()
    {
        var byUser = new AuditPolicyRule { Level = AuditLevel.Metadata, Users = ["alice"] };
        Assert.True(byUser.Matches("alice", [], Get("secrets", "default", "a")));
        Assert.False(byUser.Matches("bob", [], Get("secrets", "default", "a")));

        var byGroup = new AuditPolicyRule { Level = AuditLevel.Metadata, UserGroups = ["ops", "system:masters"] };
        Assert.True(byGroup.Matches("anyone", Admins, Get("secrets", "default", "a")));
        Assert.False(byGroup.Matches("anyone", ["system:authenticated"], Get("secrets", "default", "a")));
    }

    [Fact]
    public void Verbs_select_what_is_done()
    {
        var rule = new AuditPolicyRule { Level = AuditLevel.Metadata, Verbs = ["create", "watch"] };
        Assert.True(rule.Matches("u", [], Request("create", "secrets", "default", "")));
        Assert.True(rule.Matches("u", [], Request("watch", "secrets", "", "")));
        Assert.False(rule.Matches("u", [], Get("secrets", "default", "a")));
    }

    [Fact]
    public void Resources_match_by_group_resource_subresource_and_name()
    {
        AuditPolicyRule Rule(string group, string[] resources, string[]? names = null) => new()
        {
            Level = AuditLevel.Metadata,
            Resources = [new AuditGroupResources(group, resources, names ?? [])],
        };

        Assert.True(Rule("", ["secrets"]).Matches("u", [], Get("secrets", "default", "a")));
        Assert.False(Rule("", ["secrets"]).Matches("u", [], Get("configmaps", "default", "a")));
        Assert.False(Rule("apps", ["secrets"]).Matches("u", [], Get("secrets", "default", "a")));
        Assert.True(Rule("", []).Matches("u", [], Get("configmaps", "default", "a")), "an empty resource list covers the whole group");
        Assert.True(Rule("", ["*"]).Matches("u", [], Get("namespaces", "", "x")));
        Assert.False(Rule("", ["secrets"]).Matches("u", [], Get("secrets", "default", "a", "status")), "a subresource needs its own form");
        Assert.True(Rule("", ["secrets/status"]).Matches("u", [], Get("secrets", "default", "a", "status")));
        Assert.True(Rule("", ["*/status"]).Matches("u", [], Get("namespaces", "", "x", "status")));
        Assert.False(Rule("", ["*/status"]).Matches("u", [], Get("namespaces", "", "x")));
        Assert.True(Rule("", ["namespaces/*"]).Matches("u", [], Get("namespaces", "", "x", "finalize")));
        Assert.True(Rule("", ["secrets"], ["db"]).Matches("u", [], Get("secrets", "default", "db")));
        Assert.False(Rule("", ["secrets"], ["db"]).Matches("u", [], Get("secrets", "default", "web")));
        Assert.False(Rule("", ["secrets"], ["db"]).Matches("u", [], Request("list", "secrets", "default", "")));
        Assert.False(Rule("", ["secrets"]).Matches("u", [], NonResource("/api")), "a resource rule never matches a non-resource path");
    }

    [Fact]
    public void Namespaces_match_the_request_namespace_and_empty_means_cluster_scope()
    {
        var rule = new AuditPolicyRule { Level = AuditLevel.Metadata, Namespaces = ["prod"] };
        Assert.True(rule.Matches("u", [], Get("secrets", "prod", "a")));
        Assert.False(rule.Matches("u", [], Get("secrets", "dev", "a")));
        Assert.False(rule.Matches("u", [], Request("list", "secrets", "", "")));
        Assert.False(rule.Matches("u", [], NonResource("/version")));

        var clusterScope = new AuditPolicyRule { Level = AuditLevel.Metadata, Namespaces = [""] };
        Assert.True(clusterScope.Matches("u", [], Request("list", "namespaces", "", "")));
        Assert.False(clusterScope.Matches("u", [], Get("secrets", "prod", "a")));
    }

    [Fact]
    public void Non_resource_urls_match_exactly_or_by_prefix()
    {
        var rule = new AuditPolicyRule { Level = AuditLevel.Metadata, NonResourceUrls = ["/version", "/healthz*"] };
        Assert.True(rule.Matches("u", [], NonResource("/version")));
        Assert.False(rule.Matches("u", [], NonResource("/version/x")));
        Assert.True(rule.Matches("u", [], NonResource("/healthz")));
        Assert.True(rule.Matches("u", [], NonResource("/healthz/ping")));
        Assert.False(rule.Matches("u", [], Get("secrets", "default", "a")), "a non-resource rule never matches a resource request");
        Assert.True(new AuditPolicyRule { Level = AuditLevel.Metadata, NonResourceUrls = ["*"] }.Matches("u", [], NonResource("/metrics")));
    }

    [Fact]
    public void The_first_matching_rule_decides_and_no_match_is_None()
    {
        var policy = new AuditPolicy(
        [
            new AuditPolicyRule { Level = AuditLevel.None, Users = ["system:anonymous"] },
            new AuditPolicyRule { Level = AuditLevel.RequestResponse, Resources = [new AuditGroupResources("", ["secrets"], [])], OmitStages = [AuditStage.ResponseStarted], OmitManagedFields = false },
            new AuditPolicyRule { Level = AuditLevel.Metadata, Resources = [new AuditGroupResources("", [], [])] },
        ], [AuditStage.RequestReceived], OmitManagedFields: true);

        Assert.Equal(AuditLevel.None, policy.Evaluate("system:anonymous", [], Get("secrets", "default", "a")).Level);
        var secrets = policy.Evaluate("alice", [], Get("secrets", "default", "a"));
        Assert.Equal(AuditLevel.RequestResponse, secrets.Level);
        Assert.Equal(new HashSet<AuditStage> { AuditStage.RequestReceived, AuditStage.ResponseStarted }, secrets.OmitStages);
        Assert.False(secrets.OmitManagedFields, "the rule overrides the policy");
        Assert.False(secrets.Records(AuditStage.RequestReceived));
        Assert.True(secrets.Records(AuditStage.ResponseComplete));

        var configmaps = policy.Evaluate("alice", [], Get("configmaps", "default", "a"));
        Assert.Equal(AuditLevel.Metadata, configmaps.Level);
        Assert.True(configmaps.OmitManagedFields, "the policy's value applies when the rule has none");

        var none = policy.Evaluate("alice", [], NonResource("/version"));
        Assert.Equal(AuditLevel.None, none.Level);
        Assert.False(none.Records(AuditStage.ResponseComplete));
    }

    private static RequestInfo Get(string resource, string ns, string name, string subresource = "") =>
        new(true, "get", "", "v1", resource, subresource, ns, name, "/api/v1/" + resource);

    private static RequestInfo Request(string verb, string resource, string ns, string name) =>
        new(true, verb, "", "v1", resource, "", ns, name, "/api/v1/" + resource);

    private static RequestInfo NonResource(string path) => new(false, "get", "", "", "", "", "", "", path);
}
