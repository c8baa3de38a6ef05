using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>Request helpers for the hostile tests: any method with any body and content type, answered as JSON.</summary>
internal static class HostileRequests
{
    /// <summary>The namespace the tests put their victims in.</summary>
    public const string Victim = "victim";

    /// <summary>Sends <paramref name="method"/> with <paramref name="body"/> (none when null).</summary>
    public static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        this HttpClient client, string method, string path, byte[]? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>Sends a JSON (or other text) body.</summary>
    public static Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        this HttpClient client, string method, string path, string body, string contentType = "application/json") =>
        client.SendAsync(method, path, Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>Creates the victim namespace with a secret <c>s1</c> and a configmap <c>c1</c>, and a secret in default.</summary>
    public static async Task SeedAsync(HttpClient client)
    {
        await ExpectAsync(client, "POST", "api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{Victim}}}"}}""", 201);
        await ExpectAsync(client, "POST", $"api/v1/namespaces/{Victim}/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},"data":{"user":"YWRtaW4="}}""", 201);
        await ExpectAsync(client, "POST", $"api/v1/namespaces/{Victim}/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"},"data":{"k":"v"}}""", 201);
        await ExpectAsync(client, "POST", "api/v1/namespaces/default/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"keep"},"data":{"user":"YWRtaW4="}}""", 201);
    }

    /// <summary>Sends and asserts the status code.</summary>
    public static async Task<JsonNode?> ExpectAsync(HttpClient client, string method, string path, string? body, int status, string contentType = "application/json")
    {
        var (actual, json, _) = body is null ? await client.SendAsync(method, path) : await client.SendAsync(method, path, body, contentType);
        Assert.True(actual == status, $"{method} {path}: expected {status}, got {actual}: {json?.ToJsonString()}");
        return json;
    }

    /// <summary>
    /// A Kubernetes protobuf <c>DeleteOptions</c> as kubectl 1.32+ sends it:
    /// <c>k8s\0</c> + runtime.Unknown{typeMeta{v1, DeleteOptions}, raw{5: dryRun…, 4: propagationPolicy}, "", ""}.
    /// </summary>
    public static byte[] ProtobufDeleteOptions(string? propagationPolicy, params string[] dryRun)
    {
        var raw = new List<byte>();
        if (propagationPolicy is not null)
        {
            Field(raw, 4, Encoding.UTF8.GetBytes(propagationPolicy));
        }

        foreach (var value in dryRun)
        {
            Field(raw, 5, Encoding.UTF8.GetBytes(value));
        }

        var typeMeta = new List<byte>();
        Field(typeMeta, 1, "v1"u8.ToArray());
        Field(typeMeta, 2, "DeleteOptions"u8.ToArray());
        var unknown = new List<byte>();
        Field(unknown, 1, [.. typeMeta]);
        Field(unknown, 2, [.. raw]);
        Field(unknown, 3, []);
        Field(unknown, 4, []);
        return [.. "k8s\0"u8.ToArray(), .. unknown];
    }

    private static void Field(List<byte> to, int number, byte[] value)
    {
        Assert.True(value.Length < 128, "the test encoder writes one-byte lengths only");
        to.Add((byte)((number << 3) | 2));
        to.Add((byte)value.Length);
        to.AddRange(value);
    }
}
