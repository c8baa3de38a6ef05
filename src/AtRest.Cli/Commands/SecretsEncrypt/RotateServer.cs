using System.Text.Json;
using AtRest.ApiServer.Lifecycle;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>The server calls a rotation makes besides re-encryption: status, inventory, lock-out check and the rotation record.</summary>
internal sealed class RotateServer(LifecycleClient client)
{
    public Task<EncryptionStatus> StatusAsync(CancellationToken cancellationToken) =>
        client.GetAsync<EncryptionStatus>(LifecycleKeys.StatusPath, cancellationToken);

    /// <summary>Every server record, without the inventory scan status makes.</summary>
    public Task<IReadOnlyList<ServerStatus>> ServersAsync(CancellationToken cancellationToken) =>
        client.GetAsync<IReadOnlyList<ServerStatus>>(RotationEndpoints.ServersPath, cancellationToken);

    public Task<InventoryReport> InventoryAsync(CancellationToken cancellationToken) =>
        client.GetAsync<InventoryReport>(LifecycleKeys.InventoryPath + "?history=false", cancellationToken);

    public Task<LockoutReport> CheckConfigAsync(byte[] candidate, CancellationToken cancellationToken) =>
        client.PostAsync<LockoutReport>(LifecycleKeys.CheckConfigPath, candidate, cancellationToken);

    public Task<RotationDocument> RotationAsync(CancellationToken cancellationToken) =>
        client.GetAsync<RotationDocument>(RotationEndpoints.Path, cancellationToken);

    /// <summary>Moves the record from <paramref name="current"/> to <paramref name="next"/>; fails when someone else moved it first.</summary>
    public Task<RotationDocument> MoveAsync(RotationDocument current, RotationRecord next, CancellationToken cancellationToken) =>
        client.PostAsync<RotationDocument>(RotationEndpoints.Path,
            JsonSerializer.SerializeToUtf8Bytes(new RotationDocument(next, current.ResourceVersion), LifecycleJson.Options), cancellationToken);
}
