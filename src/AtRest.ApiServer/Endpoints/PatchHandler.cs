using System.Text.Json;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.ApiServer.ManagedFields;
using AtRest.ApiServer.Patching;
using AtRest.ApiServer.Serialization;
using AtRest.ApiServer.Validation;
using AtRest.ApiServer.Storage;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// <c>PATCH</c> of one object: the patch is applied to the current object's JSON, the result decoded (with the
/// request's field validation) and stored through the same update path as PUT, so a no-op patch keeps the
/// resourceVersion.
/// </summary>
internal static class PatchHandler
{
    private static readonly string[] Accepted =
        ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    /// <summary>Handles the request.</summary>
    public static async Task HandleAsync(HttpContext http, ApiServices api, ResourceStore store, string? @namespace, string name)
    {
        var strategy = store.Strategy;
        var type = TypeOf(http.Request);
        var options = RequestOptions.From(http.Request);
        var force = Force(http.Request, type);
        var manager = type == PatchType.Apply ? ApplyManager(http.Request) : ManagerName.From(http.Request, "PatchOptions");
        var now = WriteClock.Now(http);
        var body = await RequestBody.ReadBytesAsync(http.Request).ConfigureAwait(false);
        var patch = Parse(type, body);
        if (type == PatchType.Apply)
        {
            var config = ApplyConfiguration(patch, strategy.Definition.GroupVersion);
            if (await store.ReadAsync(@namespace, name, http.RequestAborted).ConfigureAwait(false) is null)
            {
                await CreateFromApplyAsync(http, api, store, @namespace, name, config, manager, force, options).ConfigureAwait(false);
                return;
            }

            var (applied, _) = await store.GuaranteedUpdateAsync(@namespace, name, current =>
            {
                var (merged, entries) = FieldManager.Apply(current, config, strategy.Definition.Kind, manager, force, now, strategy.Definition.GroupVersion);
                var obj = RequestBody.DecodeText(http, JsonSerializer.SerializeToUtf8Bytes(merged), yaml: false, strategy, options.Validation);
                obj.Metadata.ManagedFields = entries;
                ObjectPreparation.MatchUrl(obj, @namespace, name, strategy);
                ObjectPreparation.ForUpdate(obj, current, strategy);
                strategy.ConfirmWrite(http, obj, current);
                return obj;
            }, options.DryRun, http.RequestAborted).ConfigureAwait(false);
            await ApiResponses.WriteObjectAsync(http, strategy, applied).ConfigureAwait(false);
            return;
        }

        var (updated, _) = await store.GuaranteedUpdateAsync(@namespace, name, current =>
        {
            var document = JsonNode.Parse(ObjectCodec.ToJson(current))!;
            var patched = type switch
            {
                PatchType.Json => JsonPatch.Apply(document, patch),
                PatchType.Merge => JsonMergePatch.Apply(document, patch),
                _ => StrategicMergePatch.Apply(document, patch),
            };
            var obj = RequestBody.DecodeText(http, JsonSerializer.SerializeToUtf8Bytes(patched), yaml: false, strategy, options.Validation);
            ObjectPreparation.MatchUrl(obj, @namespace, name, strategy);
            obj.Metadata.ManagedFields = FieldManager.Update(current, obj, strategy.Definition.Kind, manager, now, strategy.Definition.GroupVersion);
            ObjectPreparation.ForUpdate(obj, current, strategy);
            strategy.ConfirmWrite(http, obj, current);
            return obj;
        }, options.DryRun, http.RequestAborted).ConfigureAwait(false);
        await ApiResponses.WriteObjectAsync(http, strategy, updated).ConfigureAwait(false);
    }

    private static async Task CreateFromApplyAsync(
        HttpContext http, ApiServices api, ResourceStore store, string? @namespace, string name, JsonObject config, string manager, bool force, RequestOptions options)
    {
        var strategy = store.Strategy;
        var (merged, entries) = FieldManager.Apply(null, config, strategy.Definition.Kind, manager, force, WriteClock.Now(http), strategy.Definition.GroupVersion);
        var obj = RequestBody.DecodeText(http, JsonSerializer.SerializeToUtf8Bytes(merged), yaml: false, strategy, options.Validation);
        obj.Metadata.ManagedFields = entries;
        ObjectPreparation.MatchUrl(obj, @namespace, name, strategy);
        ObjectPreparation.ForCreate(obj, @namespace, strategy);
        strategy.ConfirmWrite(http, obj, null);
        if (@namespace is not null)
        {
            await api.Lifecycle.EnsureCanCreateInAsync(@namespace, strategy.Definition.Resource, name, http.RequestAborted).ConfigureAwait(false);
        }

        var created = options.DryRun ? obj : await store.CreateAsync(obj, http.RequestAborted).ConfigureAwait(false);
        await ApiResponses.WriteObjectAsync(http, strategy, created, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    // PatchOptions.fieldManager is required for apply (apimachinery ValidatePatchOptions).
    private static string ApplyManager(HttpRequest request)
    {
        var manager = ManagerName.Given(request, "PatchOptions");
        return manager.Length > 0
            ? manager
            : throw ApiErrors.InvalidOptions("PatchOptions", [FieldError.Required("fieldManager", "is required for apply patch")]);
    }

    // PatchOptions.force: only for apply.
    private static bool Force(HttpRequest request, PatchType type)
    {
        var value = request.Query["force"].ToString();
        if (value.Length == 0)
        {
            return false;
        }

        if (type != PatchType.Apply)
        {
            throw ApiErrors.InvalidOptions("PatchOptions", [FieldError.Forbidden("force", "may not be specified for non-apply patch")]);
        }

        return value == "true";
    }

    // The apply configuration must be an object of the kind's group version (this server serves one per kind).
    private static JsonObject ApplyConfiguration(JsonNode? patch, string groupVersion)
    {
        if (patch is not JsonObject config)
        {
            throw ApiErrors.BadRequest("error decoding YAML: the apply configuration is not an object");
        }

        var version = config["apiVersion"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
        if (version != groupVersion)
        {
            throw ApiErrors.BadRequest($"Incorrect version specified in apply patch. Specified patch version: {version}, expected: {groupVersion}");
        }

        return config;
    }

    private static PatchType TypeOf(HttpRequest request) => RequestBody.MediaType(request) switch
    {
        "application/json-patch+json" => PatchType.Json,
        "application/merge-patch+json" => PatchType.Merge,
        "application/strategic-merge-patch+json" => PatchType.StrategicMerge,
        "application/apply-patch+yaml" => PatchType.Apply,
        _ => throw ApiErrors.UnsupportedMediaType(request.ContentType ?? "", Accepted),
    };

    private static JsonNode? Parse(PatchType type, byte[] body)
    {
        try
        {
            var json = type == PatchType.Apply ? KubernetesObjectCodec.YamlToJsonBytes(body) : body;
            return PatchJson.Parse(json);
        }
        catch (Exception e) when (e is JsonException or KubernetesJsonException)
        {
            throw ApiErrors.BadRequest($"error decoding patch: {e.Message}");
        }
    }
}
