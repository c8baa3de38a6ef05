using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Lifecycle;
using AtRest.Cli.Commands.SecretsEncrypt;

namespace AtRest.Cli.Tests.SecretsEncrypt;

/// <summary>
/// Stands in for the server's re-encryption engine (another branch): the article's <c>kubectl get secrets -A -o json |
/// kubectl replace -f -</c>, one GET and PUT per secret through the real API, which rewrites every stale value with the
/// write key. With <c>rewrite: false</c> it rewrites nothing, as a run that missed objects would.
/// </summary>
internal sealed class ReplacingReencryptStep(HttpClient client, bool rewrite = true) : IRotateReencryptStep
{
    private ReencryptionRun _last = new();

    /// <summary>How many runs were started.</summary>
    public int Runs { get; private set; }

    public async Task<ReencryptionRun> StartAsync(IReadOnlyList<string> resources, CancellationToken cancellationToken)
    {
        Runs++;
        Assert.Equal(["secrets"], resources);
        long rewritten = 0;
        if (rewrite)
        {
            using var list = JsonDocument.Parse(await client.GetStringAsync("/api/v1/secrets", cancellationToken));
            foreach (var item in list.RootElement.GetProperty("items").EnumerateArray())
            {
                var secret = JsonNode.Parse(item.GetRawText())!.AsObject();
                secret["apiVersion"] = "v1";
                secret["kind"] = "Secret";
                var metadata = secret["metadata"]!;
                var path = $"/api/v1/namespaces/{metadata["namespace"]}/secrets/{metadata["name"]}";
                using var response = await client.PutAsync(path, new StringContent(secret.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                rewritten++;
            }
        }

        var status = JsonSerializer.Deserialize<EncryptionStatus>(await client.GetStringAsync(LifecycleKeys.StatusPath, cancellationToken), LifecycleJson.Options)!;
        _last = new ReencryptionRun
        {
            Id = $"replace-{Runs}",
            State = ReencryptionState.Completed,
            ConfigHash = status.ConfigHash,
            Resources = resources,
            Total = rewritten,
            Done = rewritten,
            Rewritten = rewritten,
        };
        return _last;
    }

    public Task<ReencryptionRun> GetAsync(CancellationToken cancellationToken) => Task.FromResult(_last);
}
