using System.Text.Json;
using AtRest.ApiServer.Lifecycle;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>The re-encryption step through the server's <c>…/encryption/reencrypt</c> endpoint.</summary>
internal sealed class RotateReencryptEndpoint(LifecycleClient client) : IRotateReencryptStep
{
    /// <summary>The endpoint (POST starts a run, GET reads it).</summary>
    public const string Path = LifecycleKeys.ApiPath + "/reencrypt";

    /// <inheritdoc />
    public Task<RotateReencryptRun> StartAsync(IReadOnlyList<string> resources, CancellationToken cancellationToken)
    {
        // objectsPerSecond 0: no throttle; the rotation wants the old key gone as soon as possible.
        var body = JsonSerializer.SerializeToUtf8Bytes(new { resources, objectsPerSecond = 0 }, LifecycleJson.Options);
        return client.PostAsync<RotateReencryptRun>(Path, body, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RotateReencryptRun> GetAsync(CancellationToken cancellationToken) => client.GetAsync<RotateReencryptRun>(Path, cancellationToken);
}
