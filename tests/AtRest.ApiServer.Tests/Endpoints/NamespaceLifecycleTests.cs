using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Errors;
using AtRest.Encryption;
using AtRest.Kubernetes.Model;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Endpoints;

public sealed class NamespaceLifecycleTests : IAsyncDisposable
{
    private readonly TempDirectory directory = new("lifecycle");
    private readonly SqliteKeyValueStore kv;
    private readonly ApiServices api;

    public NamespaceLifecycleTests()
    {
        kv = SqliteKeyValueStore.Open(directory.File("store.db"));
        api = new ApiServices(new KubernetesApiOptions { Store = kv, Transformers = ResourceTransformers.IdentityOnly });
    }

    public async ValueTask DisposeAsync()
    {
        await kv.DisposeAsync();
        directory.Dispose();
    }

    [Fact]
    public async Task CreateIn_TerminatingNamespace_IsForbidden()
    {
        var ns = new Namespace { Metadata = { Name = "team-a" } };
        ObjectPreparation.ForCreate(ns, null, api.Namespaces.Strategy);
        await api.Namespaces.CreateAsync(ns, TestContext.Current.CancellationToken);
        await api.Namespaces.GuaranteedUpdateAsync(null, "team-a", current =>
        {
            ((Namespace)current).Status.Phase = "Terminating";
            return current;
        }, dryRun: false, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            api.Lifecycle.EnsureCanCreateInAsync("team-a", "secrets", "s1", TestContext.Current.CancellationToken));

        Assert.Equal(403, error.Code);
        Assert.Equal("secrets \"s1\" is forbidden: unable to create new content in namespace team-a because it is being terminated", error.Message);
        Assert.Equal("NamespaceTerminating", error.Details!.Causes[0].Reason);
    }

    [Fact]
    public async Task BuiltInNamespaces_AreCreatedOnceAndStartUpIsIdempotent()
    {
        var startup = new BuiltInNamespaces(api);

        await startup.EnsureBuiltInNamespacesAsync(TestContext.Current.CancellationToken);
        var revision = await kv.CurrentRevisionAsync(TestContext.Current.CancellationToken);
        await startup.EnsureBuiltInNamespacesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(revision, await kv.CurrentRevisionAsync(TestContext.Current.CancellationToken));
        var page = await api.Namespaces.ListAsync(null, AtRest.ApiServer.Storage.ListOptions.All, TestContext.Current.CancellationToken);
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], page.Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task Delete_OnlyMarksTheNamespace_ASecondDeleteIsAConflictWhileSpecFinalizersRemain()
    {
        await CreateNamespaceAsync("team-a");
        var secret = new Secret { Metadata = { Name = "s1", Namespace = "team-a" } };
        ObjectPreparation.ForCreate(secret, "team-a", api.Secrets.Strategy);
        await api.Secrets.CreateAsync(secret, TestContext.Current.CancellationToken);

        var marked = (Namespace)await api.Lifecycle.DeleteAsync("team-a", new DeletePreconditions(null, null), dryRun: false, TestContext.Current.CancellationToken);

        Assert.Equal("Terminating", marked.Status.Phase);
        Assert.NotNull(marked.Metadata.DeletionTimestamp);
        Assert.Equal(["kubernetes"], marked.Spec.Finalizers);
        Assert.NotNull(await api.Secrets.ReadAsync("team-a", "s1", TestContext.Current.CancellationToken));
        var conflict = await Assert.ThrowsAsync<ApiException>(() =>
            api.Lifecycle.DeleteAsync("team-a", new DeletePreconditions(null, null), dryRun: false, TestContext.Current.CancellationToken));
        Assert.Equal(409, conflict.Code);
        Assert.Equal(
            "Operation cannot be fulfilled on namespaces \"team-a\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.",
            conflict.Message);
    }

    [Fact]
    public async Task Finalize_RefusesUnqualifiedNonStandardFinalizers()
    {
        await CreateNamespaceAsync("team-a");
        var body = new Namespace { Metadata = { Name = "team-a" }, Spec = { Finalizers = ["kubernetes", "cleanup", "example.com/ok"] } };

        var error = await Assert.ThrowsAsync<ApiException>(() => api.Lifecycle.FinalizeAsync(body, dryRun: false, TestContext.Current.CancellationToken));

        Assert.Equal(422, error.Code);
        Assert.Equal("Namespace \"team-a\" is invalid: spec.finalizers[1]: Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified", error.Message);
    }

    [Fact]
    public async Task Finalize_OfATerminatingNamespace_RemovesItOnceNoFinalizerRemains()
    {
        await CreateNamespaceAsync("team-a");
        await api.Lifecycle.DeleteAsync("team-a", new DeletePreconditions(null, null), dryRun: false, TestContext.Current.CancellationToken);

        var dry = (Namespace)await api.Lifecycle.FinalizeAsync(new Namespace { Metadata = { Name = "team-a" } }, dryRun: true, TestContext.Current.CancellationToken);
        Assert.Empty(dry.Spec.Finalizers);
        Assert.NotNull(await api.Namespaces.ReadAsync(null, "team-a", TestContext.Current.CancellationToken));

        var last = (Namespace)await api.Lifecycle.FinalizeAsync(new Namespace { Metadata = { Name = "team-a" } }, dryRun: false, TestContext.Current.CancellationToken);

        Assert.Empty(last.Spec.Finalizers);
        Assert.Null(await api.Namespaces.ReadAsync(null, "team-a", TestContext.Current.CancellationToken));
    }

    private async Task CreateNamespaceAsync(string name)
    {
        var ns = new Namespace { Metadata = { Name = name } };
        ObjectPreparation.ForCreate(ns, null, api.Namespaces.Strategy);
        await api.Namespaces.CreateAsync(ns, TestContext.Current.CancellationToken);
    }
}
