using System.Text.Json;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Kms;
using AtRest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// The key-lifecycle endpoints under <see cref="LifecycleKeys.ApiPath"/>: the inventory, the status and the lock-out check, computed
/// by the server over its own store and configuration. Like every path but the health ones, they need an admin.
/// </summary>
public static class LifecycleEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(
        IEndpointRouteBuilder endpoints, IKeyValueStore store, string etcdPrefix, IResourceTransformers transformers, KmsRuntimeOptions? kms, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var keys = new StorageKeys(etcdPrefix);
        RotationEndpoints.Map(endpoints, store, keys, transformers, time);
        endpoints.MapGet(LifecycleKeys.InventoryPath, http => ApiRequest.RunAsync(http, async () =>
        {
            var history = !string.Equals(http.Request.Query["history"], "false", StringComparison.Ordinal);
            var report = await new InventoryScanner(store, keys).ScanAsync(Current(transformers), history, cancellationToken: http.RequestAborted)
                .ConfigureAwait(false);
            await WriteAsync(http, report).ConfigureAwait(false);
        }));
        endpoints.MapGet(LifecycleKeys.StatusPath, http => ApiRequest.RunAsync(http, async () =>
        {
            var status = await new EncryptionStatusReader(store, keys, time).ReadAsync(Current(transformers), http.RequestAborted).ConfigureAwait(false);
            await WriteAsync(http, status).ConfigureAwait(false);
        }));
        endpoints.MapPost(LifecycleKeys.CheckConfigPath, http => ApiRequest.RunAsync(http, async () =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
            LoadedEncryptionConfiguration candidate;
            try
            {
                candidate = EncryptionConfigurationLoader.LoadFromBytes(body.ToArray(), "the posted configuration", automaticReload: true, kms ?? KmsRuntimeOptions.Default);
            }
            catch (EncryptionConfigurationException e)
            {
                throw ApiErrors.BadRequest(e.Message);
            }

            await using (candidate.ConfigureAwait(false))
            {
                var report = await new LockoutCheck(store, keys).RunAsync(Current(transformers), candidate, http.RequestAborted).ConfigureAwait(false);
                await WriteAsync(http, report).ConfigureAwait(false);
            }
        }));
    }

    /// <summary>Maps <see cref="LifecycleKeys.ReencryptPath"/> onto <paramref name="reencryption"/>.</summary>
    public static void MapReencryption(IEndpointRouteBuilder endpoints, ReencryptionCoordinator reencryption)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(reencryption);
        endpoints.MapGet(LifecycleKeys.ReencryptPath, http => ApiRequest.RunAsync(http, async () =>
            await WriteAsync(http, await reencryption.ReadAsync(http.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false)));
        endpoints.MapPost(LifecycleKeys.ReencryptPath, http => ApiRequest.RunAsync(http, async () =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
            ReencryptionRun run;
            try
            {
                var request = body.Length == 0
                    ? new ReencryptionRequest()
                    : JsonSerializer.Deserialize<ReencryptionRequest>(body.ToArray(), LifecycleJson.Options) ?? new ReencryptionRequest();
                run = await reencryption.StartAsync(request, http.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw ApiErrors.BadRequest($"the re-encryption request is not a JSON object {{\"resources\":[...],\"objectsPerSecond\":N}}: {e.Message}");
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw ApiErrors.BadRequest(e.Message);
            }

            await JsonBytes.Write(http, JsonSerializer.SerializeToUtf8Bytes(run, LifecycleJson.Options), statusCode: StatusCodes.Status202Accepted)
                .ConfigureAwait(false);
        }));
    }

    private static LoadedEncryptionConfiguration Current(IResourceTransformers transformers) =>
        CurrentConfiguration.Of(transformers)
        ?? throw ApiErrors.BadRequest("this server was not started with an encryption configuration file, so there is nothing to inventory against");

    private static Task WriteAsync<T>(HttpContext http, T report) =>
        JsonBytes.Write(http, JsonSerializer.SerializeToUtf8Bytes(report, LifecycleJson.Options));
}
