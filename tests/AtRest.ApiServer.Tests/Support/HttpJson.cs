using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AtRest.ApiServer.Tests.Support;

/// <summary>Small helpers to send JSON and read JSON answers.</summary>
internal static class HttpJson
{
    /// <summary>Sends <paramref name="method"/> with an optional JSON (or other) body.</summary>
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(
        this HttpClient client, HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, text.Length == 0 || text[0] is not ('{' or '[') ? null : JsonNode.Parse(text));
    }

    /// <summary>GET.</summary>
    public static Task<(HttpResponseMessage Response, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path, string? accept = null) =>
        client.SendAsync(HttpMethod.Get, path, accept: accept);

    /// <summary>POST JSON.</summary>
    public static Task<(HttpResponseMessage Response, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, string body) =>
        client.SendAsync(HttpMethod.Post, path, body);

    /// <summary>Creates a secret with one data key in <paramref name="namespace"/>; asserts 201.</summary>
    public static async Task<JsonNode> CreateSecretAsync(this HttpClient client, string name, string @namespace = "default", string extra = "")
    {
        var (response, body) = await client.PostJsonAsync($"api/v1/namespaces/{@namespace}/secrets",
            $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{name}}}"{{{extra}}}},"data":{"user":"YWRtaW4="}}""");
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body?.ToJsonString());
        return body!;
    }
}
