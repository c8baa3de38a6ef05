using AtRest.ApiServer.Controllers;
using AtRest.ApiServer.Tests.Hostile;

namespace AtRest.ApiServer.Tests.Controllers;

/// <summary>
/// The namespace controller's state lives in the store: a server killed with SIGKILL while emptying a namespace
/// finishes the job after it starts again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NamespaceFinalizerCrashTests
{
    private const int Secrets = 2000;

    [Fact]
    public async Task KilledMidDeletion_TheRestartedServerRemovesTheRestAndTheNamespace()
    {
        // The hidden pacing override slows the first server so the kill lands while it deletes; the child process
        // inherits it at start and the restarted server runs without it.
        NamespaceServer server;
        Environment.SetEnvironmentVariable(NamespaceFinalizerOptions.PageDelayVariable, "400");
        try
        {
            server = await NamespaceServer.StartAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable(NamespaceFinalizerOptions.PageDelayVariable, null);
        }

        await using var _ = server;
        await server.CreateNamespaceAsync("big");
        await server.CreateSecretAsync("default", "keep");
        await Parallel.ForAsync(0, Secrets, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
            async (i, _) => await server.CreateSecretAsync("big", $"s-{i:D4}"));

        await HostileRequests.ExpectAsync(server.Client, "DELETE", "api/v1/namespaces/big", null, 200);
        await server.WaitUntilAsync("the first page of secrets to be deleted", async () =>
            (await server.Client.SendAsync("GET", "api/v1/namespaces/big/secrets/s-0000")).Status == 404);
        await HostileRequests.ExpectAsync(server.Client, "GET", $"api/v1/namespaces/big/secrets/s-{Secrets - 1:D4}", null, 200);
        var progress = (await server.GetNamespaceAsync("big"))!["status"]!["conditions"]!.AsArray()
            .Single(c => (string?)c!["type"] == "NamespaceContentRemaining")!;
        Assert.Equal(("True", "SomeResourcesRemain"), ((string?)progress["status"], (string?)progress["reason"]));

        await server.KillAndRestartAsync();

        await server.WaitForNamespaceGoneAsync("big");
        Assert.Empty(await server.NamesAsync("big", "secrets"));
        Assert.Equal(["keep"], await server.NamesAsync("default", "secrets"));
    }
}
