using System.Text.Json;
using AtRest.ApiServer.Lifecycle;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>The re-encryption step through the server's <c>…/encryption/reencrypt</c> endpoint.</summary>
internal sealed class RotateReencryptEndpoint(LifecycleClient client) : IRotateReencryptStep
{
    /// <inheritdoc />
    public async Task<ReencryptionRun> StartAsync(IReadOnlyList<string> resources, CancellationToken cancellationToken)
    {
        // objectsPerSecond 0: no throttle; the rotation wants the old key gone as soon as possible.
        var body = JsonSerializer.SerializeToUtf8Bytes(new ReencryptionRequest(resources, ObjectsPerSecond: 0), LifecycleJson.Options);
        try
        {
            return await client.PostAsync<ReencryptionRun>(LifecycleKeys.ReencryptPath, body, cancellationToken);
        }
        catch (LifecycleException e) when (e.Message.Contains(" answered 404:", StringComparison.Ordinal))
        {
            throw new LifecycleException($"the server at {client.Server} has no re-encryption endpoint ({LifecycleKeys.ReencryptPath}): it is older than this CLI; "
                + "upgrade it, then run `atrest secrets-encrypt reencrypt` (or rotate-keys) again to continue from the recorded stage");
        }
    }

    /// <inheritdoc />
    public Task<ReencryptionRun> GetAsync(CancellationToken cancellationToken) => client.GetAsync<ReencryptionRun>(LifecycleKeys.ReencryptPath, cancellationToken);
}
