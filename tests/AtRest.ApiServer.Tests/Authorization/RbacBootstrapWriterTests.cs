using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Resources.Kinds;
using AtRest.ApiServer.Security;
using AtRest.ApiServer.Storage;
using AtRest.Encryption;
using AtRest.Kubernetes.Model.Rbac;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// kube-apiserver's <c>rbac/bootstrap-roles</c> as AtRest runs it at start-up: the defaults are created when missing,
/// stored ones regain what is missing and keep what was added, protected ones are left alone.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RbacBootstrapWriterTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("rbac-bootstrap");
    private SqliteKeyValueStore _store = null!;
    private ApiServices _api = null!;
    private RbacBootstrapWriter _writer = null!;

    private ResourceStore ClusterRoles => _api.Store(ClusterRoleKind.Registration);

    private ResourceStore ClusterRoleBindings => _api.Store(ClusterRoleBindingKind.Registration);

    public ValueTask InitializeAsync()
    {
        _store = SqliteKeyValueStore.Open(_directory.File("state.db"));
        _api = new ApiServices(new KubernetesApiOptions { Store = _store, Transformers = ResourceTransformers.IdentityOnly, Kinds = KindRegistry.BuiltIn });
        _writer = new RbacBootstrapWriter(_api, NullLogger<RbacBootstrapWriter>.Instance);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_fresh_store_gets_every_default_once()
    {
        var written = await _writer.WriteAsync(TestContext.Current.CancellationToken);

        var roles = (await ClusterRoles.ListAsync(null, ListOptions.All, TestContext.Current.CancellationToken)).Items.Cast<ClusterRole>().ToList();
        var bindings = (await ClusterRoleBindings.ListAsync(null, ListOptions.All, TestContext.Current.CancellationToken)).Items.Cast<ClusterRoleBinding>().ToList();
        Assert.Equal(BootstrapPolicy.ClusterRoles().Select(r => r.Metadata.Name), roles.Select(r => r.Metadata.Name));
        Assert.Equal(BootstrapPolicy.ClusterRoleBindings().Select(b => b.Metadata.Name), bindings.Select(b => b.Metadata.Name));
        Assert.Equal(roles.Count + bindings.Count, written);
        Assert.Contains("cluster-admin", roles.Select(r => r.Metadata.Name));
        Assert.All(roles, role => Assert.False(string.IsNullOrEmpty(role.Metadata.Uid)));
        Assert.All(roles, role => Assert.NotNull(role.Metadata.CreationTimestamp));
        Assert.Equal([Subject.Group(AuthenticatedUser.MastersGroup)], bindings.Single(b => b.Metadata.Name == "cluster-admin").Subjects);
        Assert.DoesNotContain(roles.Single(r => r.Metadata.Name == "view").Rules, rule => rule.Resources.Contains("secrets"));

        Assert.Equal(0, await _writer.WriteAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_stored_default_regains_missing_rules_and_keeps_its_own()
    {
        var extra = PolicyRule.ForResources(["get"], ["example.com"], ["widgets"]);
        var shrunk = BootstrapPolicy.ClusterRoles().Single(r => r.Metadata.Name == "edit");
        var missing = shrunk.Rules.First(r => r.Resources.Contains("secrets"));
        shrunk.Rules = [.. shrunk.Rules.Where(r => r != missing), extra];
        shrunk.Metadata.Labels["team"] = "platform";
        ObjectPreparation.ForCreate(shrunk, null, ClusterRoles.Strategy);
        await ClusterRoles.CreateAsync(shrunk, TestContext.Current.CancellationToken);

        await _writer.WriteAsync(TestContext.Current.CancellationToken);

        var edit = (ClusterRole)await ClusterRoles.GetAsync(null, "edit", TestContext.Current.CancellationToken);
        // As kube's computeReconciledRole: the missing atoms are appended (one verb, group and resource each).
        Assert.True(RuleCoverage.Covers(edit.Rules, [missing]).Covered);
        Assert.Contains(edit.Rules, rule => rule.SameAs(PolicyRule.ForResources(["get"], [""], ["secrets"])));
        Assert.Contains(edit.Rules, rule => rule.SameAs(extra));
        Assert.Equal("platform", edit.Metadata.Labels["team"]);
        Assert.Equal(shrunk.Metadata.Uid, edit.Metadata.Uid);
    }

    [Fact]
    public async Task A_protected_default_is_left_as_stored()
    {
        var own = RbacTestPolicy.ClusterRole("view", PolicyRule.ForResources(["get"], [""], ["configmaps"]));
        own.Metadata.Annotations[BootstrapPolicy.AutoUpdateAnnotation] = "false";
        ObjectPreparation.ForCreate(own, null, ClusterRoles.Strategy);
        await ClusterRoles.CreateAsync(own, TestContext.Current.CancellationToken);
        var before = (await ClusterRoles.ReadAsync(null, "view", TestContext.Current.CancellationToken))!;

        await _writer.WriteAsync(TestContext.Current.CancellationToken);

        var after = (await ClusterRoles.ReadAsync(null, "view", TestContext.Current.CancellationToken))!;
        Assert.Equal(before.ModRevision, after.ModRevision);
        Assert.Single(((ClusterRole)after.Object).Rules);
    }

    [Fact]
    public async Task A_default_binding_to_another_role_is_recreated_and_one_with_more_subjects_keeps_them()
    {
        var rebound = RbacTestPolicy.ClusterBinding("system:discovery", "view", Subject.User("root"));
        var extended = RbacTestPolicy.ClusterBinding("cluster-admin", "cluster-admin", Subject.User("root"));
        foreach (var binding in new[] { rebound, extended })
        {
            ObjectPreparation.ForCreate(binding, null, ClusterRoleBindings.Strategy);
            await ClusterRoleBindings.CreateAsync(binding, TestContext.Current.CancellationToken);
        }

        await _writer.WriteAsync(TestContext.Current.CancellationToken);

        var discovery = (ClusterRoleBinding)await ClusterRoleBindings.GetAsync(null, "system:discovery", TestContext.Current.CancellationToken);
        Assert.Equal(RoleRef.ToClusterRole("system:discovery"), discovery.RoleRef);
        Assert.Equal([Subject.Group(BootstrapPolicy.AuthenticatedGroup)], discovery.Subjects);
        Assert.NotEqual(rebound.Metadata.Uid, discovery.Metadata.Uid);
        var admin = (ClusterRoleBinding)await ClusterRoleBindings.GetAsync(null, "cluster-admin", TestContext.Current.CancellationToken);
        Assert.Equal([Subject.User("root"), Subject.Group(AuthenticatedUser.MastersGroup)], admin.Subjects);
    }
}
