using System.Text.Json;
using AtRest.ApiServer.Lifecycle;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>The re-encryption step through the server's <c>…/encryption/reencrypt</c> endpoint.</summary>
internal sealed class RotateReencryptEndpoint(LifecycleClient client) : IRotateReencryptStep
{
    /// <summary>The endpoint (POST starts a run, GET reads it).</summary>
    public const string Path = LifecycleKeys.ApiPath + "/reencrypt";

    /// <inheritdoc />
    public async Task<RotateReencryptRun> StartAsync(IReadOnlyList<string> resources, CancellationToken cancellationToken)
    {
        // objectsPerSecond 0: no throttle; the rotation wants the old key gone as soon as possible.
        var body = JsonSerializer.SerializeToUtf8Bytes(new { resources, objectsPerSecond = 0 }, LifecycleJson.Options);
        try
        {
            return await client.PostAsync<RotateReencryptRun>(Path, body, cancellationToken);
        }
        catch (LifecycleException e) when (e.Message.Contains(" answered 404:", StringComparison.Ordinal))
        {
            throw new LifecycleException($"the server at {client.Server} has no re-encryption endpoint ({Path}): it is older than this CLI; "
                + "upgrade it, then run `atrest secrets-encrypt reencrypt` (or rotate-keys) again to continue from the recorded stage");
        }
    }

    /// <inheritdoc />
    public Task<RotateReencryptRun> GetAsync(CancellationToken cancellationToken) => client.GetAsync<RotateReencryptRun>(Path, cancellationToken);
}
