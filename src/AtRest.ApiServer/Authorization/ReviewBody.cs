using System.Text.Json;
using AtRest.ApiServer.Discovery;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Protobuf;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// Reads a review from a request body in JSON (also without a Content-Type), YAML or protobuf (kubectl 1.32+), as one
/// JSON object whose kind and apiVersion, when given, must be the route's.
/// </summary>
internal static class ReviewBody
{
    /// <summary>The parsed review.</summary>
    public static async Task<JsonDocument> ReadAsync(HttpContext http, GroupResource resource)
    {
        var mediaType = RequestBody.MediaType(http.Request);
        if (mediaType is not ("" or "application/json" or "application/yaml" or "application/vnd.kubernetes.protobuf"))
        {
            throw ApiErrors.UnsupportedMediaType(http.Request.ContentType ?? "", RequestBody.Accepted);
        }

        var body = await RequestBody.ReadBytesAsync(http.Request).ConfigureAwait(false);
        JsonDocument document;
        try
        {
            var json = mediaType switch
            {
                "application/vnd.kubernetes.protobuf" => ReviewProtobuf.ToJson(body),
                "application/yaml" => KubernetesObjectCodec.YamlToJsonBytes(body),
                _ => body,
            };
            document = JsonDocument.Parse(json);
        }
        catch (Exception e) when (e is JsonException or KubernetesJsonException or KubernetesProtobufException)
        {
            throw CannotHandle(resource, body.Length == 0 ? "the request body is empty" : e.Message);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw CannotHandle(resource, $"expected a JSON object, got {root.ValueKind.ToString().ToLowerInvariant()}");
        }

        var kind = StringOf(root, "kind");
        var apiVersion = StringOf(root, "apiVersion");
        if ((kind.Length > 0 && kind != resource.Kind) || (apiVersion.Length > 0 && apiVersion != resource.GroupVersion))
        {
            document.Dispose();
            throw CannotHandle(resource,
                $"the body names apiVersion {ApiErrors.Quote(apiVersion)} kind {ApiErrors.Quote(kind)}, expected {ApiErrors.Quote(resource.GroupVersion)} {ApiErrors.Quote(resource.Kind)}");
        }

        return document;
    }

    /// <summary>The object <paramref name="name"/> of <paramref name="parent"/>, or null when absent or null.</summary>
    public static JsonElement? ObjectOf(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    /// <summary>The string <paramref name="name"/> of <paramref name="parent"/>, or empty.</summary>
    public static string StringOf(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "";

    private static ApiException CannotHandle(GroupResource resource, string why) =>
        ApiErrors.BadRequest($"{resource.Kind} in version {ApiErrors.Quote(resource.Version)} cannot be handled as a {resource.Kind}: {why}");
}
