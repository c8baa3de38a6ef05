using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Http;

/// <summary>Writes a ready-made body with the headers every API response carries.</summary>
internal static class JsonBytes
{
    /// <summary>The JSON media type.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>Writes <paramref name="body"/> with status <paramref name="statusCode"/>.</summary>
    public static Task Write(HttpContext http, ReadOnlyMemory<byte> body, string contentType = JsonContentType, int statusCode = StatusCodes.Status200OK)
    {
        var response = http.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        NoCache(response);
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>
    /// <c>Cache-Control: no-cache, private</c>, as kube-apiserver sends: the kubectl dispatcher otherwise
    /// caches <c>/version</c> for two hours and keeps running the wrong kubectl.
    /// </summary>
    public static void NoCache(HttpResponse response) => response.Headers.CacheControl = "no-cache, private";
}
