using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Serialization;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Http;

/// <summary>
/// Reads an object from a request body in JSON (also when no Content-Type is sent, as kubectl 1.20 does), YAML or
/// Kubernetes protobuf (kubectl 1.32+ creates), applying the <c>fieldValidation</c> mode to unknown fields.
/// </summary>
internal static class RequestBody
{
    /// <summary>The body formats accepted for objects, for 415 messages.</summary>
    public static readonly string[] Accepted = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];

    /// <summary>The raw body bytes.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream(request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value : 1024);
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>The media type of the body, lower-cased without parameters; empty when absent.</summary>
    public static string MediaType(HttpRequest request)
    {
        var contentType = request.ContentType ?? "";
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
    }

    /// <summary>Decodes the body as an object of <paramref name="strategy"/>'s kind.</summary>
    public static async Task<KubernetesResource> ReadObjectAsync(HttpContext http, ResourceStrategy strategy, FieldValidation validation)
    {
        var mediaType = MediaType(http.Request);
        if (mediaType is not ("" or "application/json" or "application/yaml" or "application/vnd.kubernetes.protobuf"))
        {
            throw ApiErrors.UnsupportedMediaType(http.Request.ContentType ?? "", Accepted);
        }

        var body = await ReadBytesAsync(http.Request).ConfigureAwait(false);
        return mediaType == "application/vnd.kubernetes.protobuf"
            ? DecodeProtobuf(body, strategy)
            : DecodeText(http, body, mediaType == "application/yaml", strategy, validation);
    }

    /// <summary>Decodes JSON (or YAML) text as an object of <paramref name="strategy"/>'s kind.</summary>
    public static KubernetesResource DecodeText(HttpContext http, byte[] body, bool yaml, ResourceStrategy strategy, FieldValidation validation)
    {
        var kind = strategy.Definition.Kind;
        try
        {
            byte[] json;
            try
            {
                json = yaml ? KubernetesObjectCodec.YamlToJsonBytes(body) : body;
            }
            catch (KubernetesJsonException e)
            {
                throw CannotHandle(kind, e.Message, strategy.Definition.Version);
            }

            var strict = validation != FieldValidation.Ignore;
            try
            {
                return ObjectCodec.ResourceFromJson(json, strict, strategy.Definition);
            }
            catch (KubernetesJsonException e) when (e.IsStrictDecodingError && validation == FieldValidation.Warn)
            {
                foreach (var finding in e.StrictErrors)
                {
                    Warnings.Add(http, finding);
                }

                return ObjectCodec.ResourceFromJson(json, strict: false, strategy.Definition);
            }
        }
        catch (KubernetesJsonException e)
        {
            throw CannotHandle(kind, e.Message, strategy.Definition.Version);
        }
    }

    private static KubernetesResource DecodeProtobuf(byte[] body, ResourceStrategy strategy)
    {
        var kind = strategy.Definition.Kind;
        if (strategy.Definition.Codec is not null)
        {
            throw ApiErrors.UnsupportedMediaType("application/vnd.kubernetes.protobuf", ["application/json", "application/yaml"]);
        }

        KubernetesObject obj;
        try
        {
            obj = KubernetesObjectCodec.DecodeProtobuf(body);
        }
        catch (KubernetesProtobufException e)
        {
            throw CannotHandle(kind, e.Message);
        }

        if (obj is not KubernetesResource resource || obj.Kind != kind)
        {
            throw CannotHandle(kind, $"the kind {ApiErrors.Quote(obj.Kind)} does not match the expected kind {ApiErrors.Quote(kind)}");
        }

        // Protobuf carries times JSON cannot (outside years 1 to 9999); stored, such an object could never be served.
        try
        {
            KubernetesObjectCodec.EncodeJson(resource);
        }
        catch (KubernetesJsonException e)
        {
            throw CannotHandle(kind, e.Message);
        }

        resource.ApiVersion = strategy.Definition.GroupVersion;
        return resource;
    }

    private static ApiException CannotHandle(string kind, string why, string version = "v1") =>
        ApiErrors.BadRequest($"{kind} in version {ApiErrors.Quote(version)} cannot be handled as a {kind}: {why}");
}
