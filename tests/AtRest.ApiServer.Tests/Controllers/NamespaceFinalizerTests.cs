using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.Hostile;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Controllers;

/// <summary>Namespace deletion through the namespace controller, over the real server process.</summary>
[Trait("Category", "Integration")]
public sealed class NamespaceFinalizerTests : IAsyncLifetime
{
    private NamespaceServer server = null!;

    public async ValueTask InitializeAsync() => server = await NamespaceServer.StartAsync();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Delete_ReturnsTerminating_ThenTheControllerRemovesContentAndNamespace()
    {
        await server.CreateNamespaceAsync("team-a");
        await server.CreateSecretAsync("team-a", "s1");
        await server.CreateConfigMapAsync("team-a", "c1");
        await server.CreateSecretAsync("default", "keep");

        var deleted = await HostileRequests.ExpectAsync(server.Client, "DELETE", "api/v1/namespaces/team-a", null, 200);

        Assert.Equal("Namespace", (string?)deleted!["kind"]);
        Assert.Equal("Terminating", (string?)deleted["status"]!["phase"]);
        Assert.NotNull(deleted["metadata"]!["deletionTimestamp"]);
        Assert.Equal(["kubernetes"], deleted["spec"]!["finalizers"]!.AsArray().Select(f => (string)f!));
        await server.WaitForNamespaceGoneAsync("team-a");
        Assert.Empty(await server.NamesAsync("team-a", "secrets"));
        Assert.Empty(await server.NamesAsync("team-a", "configmaps"));
        Assert.Equal(["keep"], await server.NamesAsync("default", "secrets"));
    }

    [Fact]
    public async Task CreateInTerminatingNamespace_IsForbidden()
    {
        await server.CreateNamespaceAsync("held", "example.com/hold");
        await HostileRequests.ExpectAsync(server.Client, "DELETE", "api/v1/namespaces/held", null, 200);

        var refused = await HostileRequests.ExpectAsync(server.Client, "POST", "api/v1/namespaces/held/secrets",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"late"}}""", 403);

        Assert.Equal("secrets \"late\" is forbidden: unable to create new content in namespace held because it is being terminated", (string?)refused!["message"]);
    }

    [Fact]
    public async Task MetadataFinalizer_KeepsTheNamespaceTerminatingUntilItIsRemoved()
    {
        await server.CreateNamespaceAsync("held", "example.com/hold");
        await server.CreateSecretAsync("held", "s1");

        await HostileRequests.ExpectAsync(server.Client, "DELETE", "api/v1/namespaces/held", null, 200);

        // The controller empties it and drops its own finalizer, then the namespace waits for the other one.
        await server.WaitUntilAsync("the kubernetes finalizer to be removed", async () =>
            (await server.GetNamespaceAsync("held"))!["spec"]!["finalizers"] is not JsonArray { Count: > 0 });
        var held = (await server.GetNamespaceAsync("held"))!;
        Assert.Equal("Terminating", (string?)held["status"]!["phase"]);
        Assert.Equal(["example.com/hold"], held["metadata"]!["finalizers"]!.AsArray().Select(f => (string)f!));
        Assert.Equal(
            ["NamespaceDeletionDiscoveryFailure/False/ResourcesDiscovered", "NamespaceDeletionGroupVersionParsingFailure/False/ParsedGroupVersions",
                "NamespaceDeletionContentFailure/False/ContentDeleted", "NamespaceContentRemaining/False/ContentRemoved",
                "NamespaceFinalizersRemaining/False/ContentHasNoFinalizers"],
            held["status"]!["conditions"]!.AsArray().Select(c => $"{c!["type"]}/{c["status"]}/{c["reason"]}"));
        Assert.Empty(await server.NamesAsync("held", "secrets"));

        // A second DELETE leaves it as it is: only its finalizer holder can release it.
        var again = await HostileRequests.ExpectAsync(server.Client, "DELETE", "api/v1/namespaces/held", null, 200);
        Assert.Equal("Terminating", (string?)again!["status"]!["phase"]);

        held["metadata"]!["finalizers"] = new JsonArray();
        await HostileRequests.ExpectAsync(server.Client, "PUT", "api/v1/namespaces/held", held.ToJsonString(), 200);
        await server.WaitForNamespaceGoneAsync("held");
    }

    [Fact]
    public async Task SpecFinalizer_HoldsTheNamespace_UntilTheFinalizeSubresourceDropsIt()
    {
        await server.CreateNamespaceAsync("team-b");
        var ns = (await server.GetNamespaceAsync("team-b"))!;
        ns["spec"]!["finalizers"] = new JsonArray("kubernetes", "example.com/spec");
        var finalized = await HostileRequests.ExpectAsync(server.Client, "PUT", "api/v1/namespaces/team-b/finalize", ns.ToJsonString(), 200);
        Assert.Equal(["kubernetes", "example.com/spec"], finalized!["spec"]!["finalizers"]!.AsArray().Select(f => (string)f!));
        await server.CreateSecretAsync("team-b", "s1");

        await HostileRequests.ExpectAsync(server.Client, "DELETE", "api/v1/namespaces/team-b", null, 200);
        await server.WaitUntilAsync("the kubernetes finalizer to be removed", async () =>
            (await server.GetNamespaceAsync("team-b"))!["spec"]!["finalizers"]!.AsArray().Count == 1);

        // While a spec finalizer remains, kube-apiserver refuses a further DELETE.
        var conflict = await HostileRequests.ExpectAsync(server.Client, "DELETE", "api/v1/namespaces/team-b", null, 409);
        Assert.Equal(
            "Operation cannot be fulfilled on namespaces \"team-b\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.",
            (string?)conflict!["message"]);
        var terminating = (await server.GetNamespaceAsync("team-b"))!;
        Assert.Equal(["example.com/spec"], terminating["spec"]!["finalizers"]!.AsArray().Select(f => (string)f!));
        Assert.Empty(await server.NamesAsync("team-b", "secrets"));

        terminating["spec"]!["finalizers"] = new JsonArray();
        var last = await HostileRequests.ExpectAsync(server.Client, "PUT", "api/v1/namespaces/team-b/finalize", terminating.ToJsonString(), 200);
        Assert.Equal("Terminating", (string?)last!["status"]!["phase"]);
        Assert.Null(await server.GetNamespaceAsync("team-b"));
    }

    [Fact]
    public async Task DryRunDelete_ChangesNothing_EvenAfterTheControllerRan()
    {
        await server.CreateNamespaceAsync("kept");
        await server.CreateSecretAsync("kept", "s1");

        var dry = await HostileRequests.ExpectAsync(server.Client, "DELETE", "api/v1/namespaces/kept?dryRun=All", null, 200);
        Assert.Equal("Terminating", (string?)dry!["status"]!["phase"]);

        // A real deletion after the dry run: once it is done, the controller has passed over every namespace since.
        await server.CreateNamespaceAsync("gone");
        await HostileRequests.ExpectAsync(server.Client, "DELETE", "api/v1/namespaces/gone", null, 200);
        await server.WaitForNamespaceGoneAsync("gone");
        var kept = (await server.GetNamespaceAsync("kept"))!;
        Assert.Equal("Active", (string?)kept["status"]!["phase"]);
        Assert.Null(kept["metadata"]!["deletionTimestamp"]);
        Assert.Equal(["s1"], await server.NamesAsync("kept", "secrets"));
    }

    [Fact]
    public async Task UndecryptableSecret_DoesNotBlockDeletion()
    {
        await server.CreateNamespaceAsync("lost-key");
        await server.CreateSecretAsync("lost-key", "s1");
        await server.CreateSecretAsync("lost-key", "s2");
        await server.RestartWithKeysAsync(("key2", EncryptionConfigs.Key2));
        await HostileRequests.ExpectAsync(server.Client, "GET", "api/v1/namespaces/lost-key/secrets/s1", null, 500);

        await HostileRequests.ExpectAsync(server.Client, "DELETE", "api/v1/namespaces/lost-key", null, 200);

        await server.WaitForNamespaceGoneAsync("lost-key");
        await HostileRequests.ExpectAsync(server.Client, "GET", "api/v1/namespaces/lost-key/secrets/s1", null, 404);
        Assert.Empty(await server.NamesAsync("lost-key", "secrets"));
    }
}
