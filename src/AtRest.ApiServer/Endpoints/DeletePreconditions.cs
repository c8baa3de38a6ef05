using System.Text.Json;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Http;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>The <c>preconditions</c> of a DeleteOptions body: the object is deleted only if its uid / resourceVersion still match.</summary>
/// <param name="Uid">The required uid, or null.</param>
/// <param name="ResourceVersion">The required resourceVersion, or null.</param>
internal sealed record DeletePreconditions(string? Uid, string? ResourceVersion)
{
    /// <summary>No preconditions.</summary>
    public static DeletePreconditions None { get; } = new(null, null);

    /// <summary>Reads the DeleteOptions JSON body (empty and non-JSON bodies carry none).</summary>
    public static async Task<DeletePreconditions> ReadAsync(HttpRequest request)
    {
        var body = await RequestBody.ReadBytesAsync(request).ConfigureAwait(false);
        if (body.Length == 0 || RequestBody.MediaType(request) == "application/vnd.kubernetes.protobuf")
        {
            return None;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("preconditions", out var p) || p.ValueKind != JsonValueKind.Object)
            {
                return None;
            }

            return new DeletePreconditions(Text(p, "uid"), Text(p, "resourceVersion"));
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"DeleteOptions cannot be decoded: {e.Message}");
        }
    }

    /// <summary>Throws 409 Conflict when <paramref name="current"/> does not satisfy the preconditions.</summary>
    public void Check(string resource, KubernetesResource current)
    {
        if (Uid is not null && Uid != current.Metadata.Uid)
        {
            throw ApiErrors.Conflict(resource, current.Metadata.Name,
                $"Precondition failed: UID in precondition: {Uid}, UID in object meta: {current.Metadata.Uid}");
        }

        if (ResourceVersion is not null && ResourceVersion != current.Metadata.ResourceVersion)
        {
            throw ApiErrors.Conflict(resource, current.Metadata.Name,
                $"Precondition failed: ResourceVersion in precondition: {ResourceVersion}, ResourceVersion in object meta: {current.Metadata.ResourceVersion}");
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
