using System.Text.Json;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.Encryption;
using AtRest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// <c>GET</c> and <c>POST</c> (compare-and-swap) of the rotation record (<see cref="RotationDocument"/>), so that a CLI that only has a
/// kubeconfig can move the stage; a POST whose resourceVersion is not the stored one gets 409, as an update of a
/// Kubernetes object does. Beside it, the server records alone, for a rotation that polls them while it waits (status would
/// scan the whole store each time).
/// </summary>
public static class RotationEndpoints
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = LifecycleKeys.ApiPath + "/rotation";

    /// <summary>The server records, judged live and same-config by this server (GET).</summary>
    public const string ServersPath = LifecycleKeys.ApiPath + "/servers";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder endpoints, IKeyValueStore store, StorageKeys keys, IResourceTransformers transformers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(time);
        endpoints.MapGet(ServersPath, http => ApiRequest.RunAsync(http, async () =>
        {
            var hash = CurrentConfiguration.Of(transformers)?.ContentHash;
            var now = time.GetUtcNow();
            var servers = (await ServerRecords.ReadAsync(store, keys, http.RequestAborted).ConfigureAwait(false))
                .Select(record => new ServerStatus(record, record.LiveAt(now), record.ConfigHash == hash))
                .ToList();
            await JsonBytes.Write(http, JsonSerializer.SerializeToUtf8Bytes(servers, LifecycleJson.Options)).ConfigureAwait(false);
        }));
        endpoints.MapGet(Path, http => ApiRequest.RunAsync(http, async () =>
        {
            var document = await RotationStore.ReadAsync(store, keys, http.RequestAborted).ConfigureAwait(false);
            await WriteAsync(http, document).ConfigureAwait(false);
        }));
        endpoints.MapPost(Path, http => ApiRequest.RunAsync(http, async () =>
        {
            RotationDocument? posted;
            try
            {
                posted = await JsonSerializer.DeserializeAsync<RotationDocument>(http.Request.Body, LifecycleJson.Options, http.RequestAborted)
                    .ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw ApiErrors.BadRequest($"the body is not a rotation document: {e.Message}");
            }

            if (posted?.Record is null || !RotationStage.All.Contains(posted.Record.Stage))
            {
                throw ApiErrors.BadRequest($"record.stage must be one of {string.Join(", ", RotationStage.All)}");
            }

            var written = await RotationStore.WriteAsync(store, keys, posted.Record, posted.ResourceVersion, http.RequestAborted).ConfigureAwait(false)
                ?? throw ApiErrors.Modified("rotation", "rotation");
            await WriteAsync(http, written).ConfigureAwait(false);
        }));
    }

    private static Task WriteAsync(HttpContext http, RotationDocument document) =>
        JsonBytes.Write(http, JsonSerializer.SerializeToUtf8Bytes(document, LifecycleJson.Options));
}
