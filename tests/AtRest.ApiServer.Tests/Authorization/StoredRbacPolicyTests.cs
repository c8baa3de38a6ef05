using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Resources.Kinds;
using AtRest.ApiServer.Storage;
using AtRest.Encryption;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;
using AtRest.Storage;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// The store-backed RBAC index: what is written is seen (and what is deleted is gone) through the store's watch, a
/// watch behind compacted history lists again, and a restart starts from what is stored.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StoredRbacPolicyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Written_objects_are_seen_and_deleted_ones_are_gone()
    {
        using var directory = new TempDirectory("rbac-index");
        await using var store = SqliteKeyValueStore.Open(directory.File("state.db"));
        var api = Api(store);
        using var policy = new StoredRbacPolicy(api, NullLogger<StoredRbacPolicy>.Instance);
        await policy.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await CreateAsync(api, RoleKind.Registration, RbacTestPolicy.Role("team-a", "reader", PolicyRule.ForResources(["get"], [""], ["secrets"])));
            await CreateAsync(api, RoleBindingKind.Registration, RbacTestPolicy.Binding("team-a", "readers", RoleRef.ToRole("reader"), Subject.User("bob")));
            await CreateAsync(api, ClusterRoleKind.Registration, RbacTestPolicy.ClusterRole("auditor", PolicyRule.ForResources(["list"], [""], ["secrets"])));
            await CreateAsync(api, ClusterRoleBindingKind.Registration, RbacTestPolicy.ClusterBinding("auditors", "auditor", Subject.Group("audit")));

            await UntilAsync(() => policy.RoleBindings("team-a").Count == 1 && policy.ClusterRoleBindings().Count == 1);
            Assert.Equal(["get"], policy.FindRole("team-a", "reader")!.Rules.Single().Verbs);
            Assert.NotNull(policy.FindClusterRole("auditor"));
            Assert.Empty(policy.RoleBindings("team-b"));

            await api.Store(RoleBindingKind.Registration).DeleteAsync("team-a", "readers", null, TestContext.Current.CancellationToken);
            await UntilAsync(() => policy.RoleBindings("team-a").Count == 0);
            Assert.NotNull(policy.FindRole("team-a", "reader"));
        }
        finally
        {
            await policy.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_watch_behind_compacted_history_lists_again_and_misses_nothing()
    {
        using var directory = new TempDirectory("rbac-index");
        await using var sqlite = SqliteKeyValueStore.Open(directory.File("state.db"));
        ApiServices? api = null;
        // Between the index's first list and its first watch of role bindings, a binding is written and history compacted.
        var store = new CompactingStore(sqlite, "/registry/rolebindings/", () =>
            CreateAsync(api!, RoleBindingKind.Registration, RbacTestPolicy.Binding("team-a", "late", RoleRef.ToClusterRole("view"), Subject.User("bob"))));
        api = Api(store);
        using var policy = new StoredRbacPolicy(api, NullLogger<StoredRbacPolicy>.Instance);
        await policy.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await UntilAsync(() => policy.RoleBindings("team-a").Any(b => b.Metadata.Name == "late"));
            await CreateAsync(api, RoleBindingKind.Registration, RbacTestPolicy.Binding("team-a", "later", RoleRef.ToClusterRole("view"), Subject.User("ann")));
            await UntilAsync(() => policy.RoleBindings("team-a").Count == 2);
        }
        finally
        {
            await policy.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_restarted_index_starts_from_what_is_stored()
    {
        using var directory = new TempDirectory("rbac-index");
        await using var store = SqliteKeyValueStore.Open(directory.File("state.db"));
        var api = Api(store);
        await CreateAsync(api, ClusterRoleBindingKind.Registration, RbacTestPolicy.ClusterBinding("auditors", "view", Subject.Group("audit")));

        using var policy = new StoredRbacPolicy(api, NullLogger<StoredRbacPolicy>.Instance);
        await policy.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // StartAsync waits for the first list: no polling needed.
            Assert.Equal("auditors", policy.ClusterRoleBindings().Single().Metadata.Name);
        }
        finally
        {
            await policy.StopAsync(CancellationToken.None);
        }
    }

    private static ApiServices Api(IKeyValueStore store) => new(new KubernetesApiOptions
    {
        Store = store,
        Transformers = ResourceTransformers.IdentityOnly,
        Kinds = KindRegistry.BuiltIn,
    });

    private static async Task CreateAsync(ApiServices api, KindRegistration kind, KubernetesResource obj)
    {
        var store = api.Store(kind);
        ObjectPreparation.ForCreate(obj, kind.Namespaced ? obj.Metadata.Namespace : null, store.Strategy);
        await store.CreateAsync(obj, TestContext.Current.CancellationToken);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
