using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.KmsPlugin;

/// <summary>The server's REST API as its admin (bearer token, the server's own CA), for secrets only.</summary>
internal sealed class AdminApi : IDisposable
{
    private readonly HttpClient _client;
    private readonly X509Certificate2 _ca;

    public AdminApi(AtRestServer server)
    {
        _ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(server.DataDirectory, "tls", "ca.crt")));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(_ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        _client = new HttpClient(handler) { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(server.DataDirectory, "token")).Trim());
    }

    public async Task<HttpResponseMessage> CreateSecretAsync(string name, string value, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["data"] = new JsonObject { ["value"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) },
        };
        return await _client.PostAsJsonAsync("/api/v1/namespaces/default/secrets", body, cancellationToken);
    }

    /// <summary>Creates a secret and fails with the server's answer when it is not 201.</summary>
    public async Task CreateSecretOrFailAsync(string name, string value, CancellationToken cancellationToken)
    {
        using var response = await CreateSecretAsync(name, value, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    public async Task<HttpResponseMessage> GetSecretAsync(string name, CancellationToken cancellationToken) =>
        await _client.GetAsync($"/api/v1/namespaces/default/secrets/{name}", cancellationToken);

    /// <summary>The decoded <c>data.value</c> of a secret; fails with the server's answer when it is not 200.</summary>
    public async Task<string> ReadSecretAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await GetSecretAsync(name, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"get {name}: {(int)response.StatusCode} {text}");
        return Encoding.UTF8.GetString(Convert.FromBase64String(JsonNode.Parse(text)!["data"]!["value"]!.GetValue<string>()));
    }

    /// <summary>GET then PUT the secret unchanged, as <c>kubectl get -o json | kubectl replace -f -</c> does to re-encrypt it.</summary>
    public async Task ReplaceSecretAsync(string name, CancellationToken cancellationToken)
    {
        var path = $"/api/v1/namespaces/default/secrets/{name}";
        var current = await _client.GetStringAsync(path, cancellationToken);
        using var content = new StringContent(current, Encoding.UTF8, "application/json");
        using var response = await _client.PutAsync(path, content, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"replace {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    public async Task<(HttpStatusCode Status, string Body)> GetRawAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(path, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public void Dispose()
    {
        _client.Dispose();
        _ca.Dispose();
    }
}
