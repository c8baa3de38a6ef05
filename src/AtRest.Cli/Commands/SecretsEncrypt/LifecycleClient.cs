using System.Net.Http.Headers;
using System.Text.Json;
using AtRest.ApiServer.Lifecycle;
using k8s;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>Calls the key-lifecycle endpoints of the server a kubeconfig points at, with its credentials.</summary>
internal sealed class LifecycleClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);
    private readonly k8s.Kubernetes _kubernetes;
    private readonly string? _token;

    private LifecycleClient(KubernetesClientConfiguration configuration)
    {
        _kubernetes = new k8s.Kubernetes(configuration);
        _kubernetes.HttpClient.Timeout = RequestTimeout;
        _token = configuration.AccessToken;
    }

    /// <summary>The server's URL.</summary>
    public Uri Server => _kubernetes.BaseUri;

    /// <summary>Loads <paramref name="kubeconfig"/>, or KUBECONFIG, or <c>~/.kube/config</c>.</summary>
    /// <exception cref="LifecycleException">No usable kubeconfig.</exception>
    public static LifecycleClient Create(string? kubeconfig)
    {
        try
        {
            return new LifecycleClient(kubeconfig is null
                ? KubernetesClientConfiguration.BuildDefaultConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException)
        {
            throw new LifecycleException($"kubeconfig {kubeconfig ?? "(KUBECONFIG or ~/.kube/config)"}: {e.Message}");
        }
    }

    /// <summary>GETs <paramref name="path"/> and reads the JSON answer.</summary>
    public Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/> and reads the JSON answer.</summary>
    public Task<T> PostAsync<T>(string path, byte[] body, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) }, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _kubernetes.Dispose();

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.RequestUri = new Uri(_kubernetes.BaseUri, request.RequestUri!);
            if (_token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            }

            HttpResponseMessage response;
            try
            {
                response = await _kubernetes.HttpClient.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new LifecycleException($"cannot reach the server at {_kubernetes.BaseUri}: {e.Message}");
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new LifecycleException($"the server at {_kubernetes.BaseUri} answered {(int)response.StatusCode}: {StatusMessage(text)}");
                }

                return JsonSerializer.Deserialize<T>(text, LifecycleJson.Options)
                    ?? throw new LifecycleException($"the server at {_kubernetes.BaseUri} answered an empty document");
            }
        }
    }

    // A Kubernetes Status carries the reason in "message"; anything else is shown as sent.
    private static string StatusMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        return body.Trim();
    }
}
