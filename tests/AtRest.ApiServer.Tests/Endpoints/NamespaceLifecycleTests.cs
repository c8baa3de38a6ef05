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
        Assert.Equal(["default", "kube-public", "kube-system"], page.Items.Select(i => i.Metadata.Name));
    }
}
