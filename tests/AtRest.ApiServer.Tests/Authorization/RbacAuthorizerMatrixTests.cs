using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using static AtRest.ApiServer.Tests.Authorization.RbacTestPolicy;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// RBAC decisions as kube-apiserver makes them, row by row: users × verbs × resources × namespaces × resource names ×
/// non-resource URLs against <see cref="RbacTestPolicy"/> (the table the served-object matrix test will replay).
/// </summary>
public sealed class RbacAuthorizerMatrixTests
{
    private static readonly RbacAuthorizer Rbac = Authorizer();

    public static TheoryData<string, string, string, string, string, bool> Rows => new()
    {
        // user, verb, resource, namespace ("" = all namespaces or cluster scope), name, allowed
        { "alice", "get", "secrets", "team-a", "db", true },
        { "alice", "list", "secrets", "team-a", "", true },
        { "alice", "watch", "secrets", "team-a", "", true },
        { "alice", "deletecollection", "configmaps", "team-a", "", true },
        { "alice", "patch", "secrets", "team-a", "db", true },
        { "alice", "get", "secrets", "team-b", "db", false },
        { "alice", "list", "secrets", "", "", false },
        { "alice", "watch", "secrets", "", "", false },
        { "alice", "list", "namespaces", "", "", true },
        { "alice", "delete", "namespaces", "team-a", "team-a", false },
        { "alice", "create", "roles", "team-a", "", false },
        { "bob", "create", "configmaps", "team-a", "", true },
        { "bob", "watch", "configmaps", "team-a", "", true },
        { "bob", "deletecollection", "configmaps", "team-a", "", true },
        { "bob", "get", "configmaps", "team-b", "c", false },
        { "bob", "get", "secrets", "team-a", "db", false },
        { "bob", "list", "configmaps", "", "", false },
        { "ann", "list", "configmaps", "", "", true },
        { "ann", "watch", "events", "team-b", "", true },
        { "ann", "get", "namespaces", "team-b", "team-b", true },
        { "ann", "get", "secrets", "team-a", "db", false },
        { "ann", "list", "secrets", "", "", false },
        { "ann", "create", "configmaps", "team-a", "", false },
        { "app", "get", "secrets", "team-a", "app-token", true },
        { "app", "get", "secrets", "team-a", "db", false },
        { "app", "list", "secrets", "team-a", "", false },
        { "app", "update", "secrets", "team-a", "app-token", false },
        { "app", "get", "secrets", "team-b", "app-token", false },
        { "builder", "watch", "namespaces", "", "", true },
        { "builder", "get", "secrets", "ci", "s", false },
        { "carol", "create", "roles", "team-b", "", true },
        { "carol", "create", "rolebindings", "team-b", "", true },
        { "carol", "get", "secrets", "team-b", "db", true },
        { "carol", "get", "namespaces", "team-b", "team-b", true },
        { "carol", "delete", "namespaces", "team-b", "team-b", false },
        { "carol", "get", "secrets", "team-a", "db", false },
        { "dave", "get", "configmaps", "team-b", "c", false },
        { "stranger", "get", "configmaps", "team-a", "c", false },
        { "ivan", "impersonate", "users", "", "alice", true },
        { "ivan", "impersonate", "users", "", "bob", false },
        { "ivan", "impersonate", "groups", "", "system:masters", true },
        { "ivan", "impersonate", "serviceaccounts", "team-a", "app", false },
        { "alice", "impersonate", "serviceaccounts", "team-a", "app", true },
        { "alice", "impersonate", "users", "", "bob", false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Resource_requests_are_decided_as_kube_rbac(string user, string verb, string resource, string ns, string name, bool allowed)
    {
        var decision = Rbac.Authorize(UserNamed(user), Resource(verb, resource, ns, name, resource is "roles" or "rolebindings" ? "rbac.authorization.k8s.io" : ""));

        Assert.Equal(allowed, decision.Allowed);
        Assert.False(decision.Denied);
    }

    [Theory]
    [InlineData("prom", "get", "/metrics", true)]
    [InlineData("prom", "get", "/debug/pprof/heap", true)]
    [InlineData("prom", "post", "/metrics", false)]
    [InlineData("prom", "get", "/metricsz", false)]
    [InlineData("alice", "get", "/metrics", false)]
    [InlineData("alice", "get", "/apis/rbac.authorization.k8s.io/v1", true)]
    [InlineData("alice", "get", "/openapi/v2", true)]
    [InlineData("anonymous", "get", "/healthz", true)]
    [InlineData("anonymous", "get", "/version", true)]
    [InlineData("anonymous", "get", "/api", false)]
    [InlineData("anonymous", "get", "/readyz/etcd", false)]
    public void Non_resource_urls_are_decided_as_kube_rbac(string user, string verb, string path, bool allowed) =>
        Assert.Equal(allowed, Rbac.Authorize(UserNamed(user), Url(verb, path)).Allowed);

    [Fact]
    public void Allowed_requests_name_the_binding_role_and_subject_as_kube_does()
    {
        Assert.Equal("RBAC: allowed by RoleBinding \"alice-edit/team-a\" of ClusterRole \"edit\" to User \"alice\"",
            Rbac.Authorize(Alice, Resource("get", "secrets", "team-a", "db")).Reason);
        Assert.Equal("RBAC: allowed by RoleBinding \"devs-configmaps/team-a\" of Role \"configmap-editor\" to Group \"devs\"",
            Rbac.Authorize(Bob, Resource("get", "configmaps", "team-a", "c")).Reason);
        Assert.Equal("RBAC: allowed by RoleBinding \"app-token/team-a\" of ClusterRole \"secret-reader\" to ServiceAccount \"app/team-a\"",
            Rbac.Authorize(App, Resource("get", "secrets", "team-a", "app-token")).Reason);
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"prom-metrics\" of ClusterRole \"metrics-reader\" to ServiceAccount \"prom/monitoring\"",
            Rbac.Authorize(Prom, Url("get", "/metrics")).Reason);
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"ci-ns-lister\" of ClusterRole \"ns-lister\" to Group \"system:serviceaccounts:ci\"",
            Rbac.Authorize(Builder, Resource("list", "namespaces", "")).Reason);
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"system:public-info-viewer\" of ClusterRole \"system:public-info-viewer\" to Group \"system:unauthenticated\"",
            Rbac.Authorize(Anonymous, Url("get", "/healthz")).Reason);
    }

    [Fact]
    public void Cluster_bindings_are_consulted_before_role_bindings()
    {
        // alice may list namespaces through her ClusterRoleBinding and through edit in team-a; the cluster one is named.
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"alice-ns-lister\" of ClusterRole \"ns-lister\" to User \"alice\"",
            Rbac.Authorize(Alice, Resource("list", "namespaces", "team-a")).Reason);
    }

    [Fact]
    public void Denied_requests_have_no_reason_unless_a_role_reference_failed()
    {
        Assert.Equal(AuthorizationDecision.NoOpinion, Rbac.Authorize(Alice, Resource("get", "secrets", "team-b", "db")));
        Assert.Equal(new AuthorizationDecision(false, false, "RBAC: role.rbac.authorization.k8s.io \"ghost\" not found"),
            Rbac.Authorize(Dave, Resource("get", "configmaps", "team-b", "c")));
        Assert.Equal(AuthorizationDecision.NoOpinion, Rbac.Authorize(Dave, Resource("get", "configmaps", "team-a", "c")));
    }

    [Fact]
    public void Several_failed_references_are_aggregated_once_each_in_brackets()
    {
        var source = new RbacPolicySnapshot([], [],
            [ClusterBinding("a", "gone-1", Kubernetes.Model.Rbac.Subject.User("zed")), ClusterBinding("b", "gone-2", Kubernetes.Model.Rbac.Subject.User("zed")),
             ClusterBinding("c", "gone-1", Kubernetes.Model.Rbac.Subject.User("zed"))],
            [Binding("ns", "d", new Kubernetes.Model.Rbac.RoleRef("rbac.authorization.k8s.io", "Secret", "x"), Kubernetes.Model.Rbac.Subject.User("zed"))]);

        var decision = new RbacAuthorizer(source).Authorize(User("zed"), Resource("get", "secrets", "ns", "s"));

        Assert.Equal("RBAC: [clusterrole.rbac.authorization.k8s.io \"gone-1\" not found, clusterrole.rbac.authorization.k8s.io \"gone-2\" not found, " +
            "unsupported role reference kind: \"Secret\"]", decision.Reason);
    }

    [Fact]
    public void Service_account_subjects_match_only_their_own_namespace()
    {
        var otherApp = ServiceAccount("team-b", "app");

        Assert.False(Rbac.Authorize(otherApp, Resource("get", "secrets", "team-a", "app-token")).Allowed);
        Assert.True(RbacRuleResolver.AppliesTo(App, Kubernetes.Model.Rbac.Subject.ServiceAccount("", "app"), "team-a"));
        Assert.False(RbacRuleResolver.AppliesTo(App, Kubernetes.Model.Rbac.Subject.ServiceAccount("", "app"), ""));
        Assert.False(RbacRuleResolver.AppliesTo(App, new Kubernetes.Model.Rbac.Subject("Robot", "", "app", "team-a"), "team-a"));
    }

    [Fact]
    public void Masters_pass_the_chain_without_a_reason_and_others_reach_rbac()
    {
        var chain = new BootstrapAuthorizer(Rbac);

        Assert.Equal(new AuthorizationDecision(true, false, ""), chain.Authorize(AuthenticatedUser.Admin, Resource("delete", "namespaces", "team-a", "team-a")));
        Assert.True(chain.Authorize(Alice, Resource("get", "secrets", "team-a", "db")).Allowed);
        Assert.False(chain.Authorize(Alice, Resource("get", "secrets", "team-b", "db")).Allowed);
    }

    private static AuthenticatedUser UserNamed(string name) => name switch
    {
        "alice" => Alice,
        "bob" => Bob,
        "ann" => Ann,
        "app" => App,
        "prom" => Prom,
        "builder" => Builder,
        "carol" => Carol,
        "ivan" => Ivan,
        "dave" => Dave,
        "anonymous" => Anonymous,
        _ => User(name),
    };
}
