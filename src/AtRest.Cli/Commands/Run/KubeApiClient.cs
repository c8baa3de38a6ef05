using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AtRest.Cli.Commands.Run;

/// <summary>
/// Lists and watches single Secrets and ConfigMaps by name through a kubeconfig (client certificate or token, the
/// cluster's CA), with the official client. A list by <c>metadata.name</c> rather than a get gives the
/// resourceVersion to watch from even when the object does not exist yet.
/// </summary>
internal sealed class KubeApiClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private const int WatchTimeoutSeconds = 300;
    private readonly string? _kubeconfig;
    private readonly string[] _paths;
    private readonly Lock _reloadLock = new();
    private readonly List<k8s.Kubernetes> _retired = [];
    private volatile k8s.Kubernetes _client;
    private string _fingerprint;

    private KubeApiClient(string? kubeconfig, string[] paths)
    {
        _kubeconfig = kubeconfig;
        _paths = paths;
        Source = kubeconfig ?? string.Join(Path.PathSeparator, paths);
        (_client, Namespace) = Build();
        _fingerprint = Fingerprint();
    }

    /// <summary>The current context's namespace, if it names one.</summary>
    public string? Namespace { get; }

    /// <summary>Where the configuration came from, for messages.</summary>
    public string Source { get; }

    /// <summary>The server's URL.</summary>
    public Uri BaseUri => _client.BaseUri;

    /// <summary>
    /// Loads <paramref name="kubeconfig"/>, else the files in <c>KUBECONFIG</c> (merged, as kubectl does), else
    /// <c>~/.kube/config</c>.
    /// </summary>
    public static KubeApiClient Create(string? kubeconfig)
    {
        var paths = kubeconfig is not null
            ? [kubeconfig]
            : Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } list
                ? list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Where(File.Exists).ToArray()
                : [Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")];
        if (paths.Length == 0 || paths.Any(p => !File.Exists(p)))
        {
            throw new DeliveryException($"kubeconfig {kubeconfig ?? string.Join(Path.PathSeparator, paths)}: file not found "
                + "(give --kubeconfig, set KUBECONFIG, or create ~/.kube/config)");
        }

        return new KubeApiClient(kubeconfig, paths);
    }

    /// <summary>
    /// Loads the kubeconfig again when its files changed since the last load, and reports whether it did.
    /// <c>atrest server</c> rewrites its admin kubeconfig on each start (the port may change), so a client that
    /// lost the server looks again before retrying.
    /// </summary>
    public bool ReloadIfChanged()
    {
        lock (_reloadLock)
        {
            string fingerprint;
            try
            {
                fingerprint = Fingerprint();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }

            if (fingerprint == _fingerprint)
            {
                return false;
            }

            try
            {
                var (client, _) = Build();
                _retired.Add(_client);
                _client = client;
                _fingerprint = fingerprint;
                return true;
            }
            catch (DeliveryException)
            {
                // A half-written file: try again at the next retry.
                return false;
            }
        }
    }

    /// <summary>Lists <paramref name="reference"/> by name.</summary>
    public async Task<SourceListing> ListAsync(SourceReference reference, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        var selector = $"metadata.name={reference.Name}";
        try
        {
            if (reference.Kind == SourceKind.Secret)
            {
                var list = await _client.CoreV1.ListNamespacedSecretAsync(reference.Namespace, fieldSelector: selector, cancellationToken: timeout.Token).ConfigureAwait(false);
                return new SourceListing(list.Items.Select(s => ToSource(reference, s)).FirstOrDefault(), list.Metadata.ResourceVersion);
            }

            var maps = await _client.CoreV1.ListNamespacedConfigMapAsync(reference.Namespace, fieldSelector: selector, cancellationToken: timeout.Token).ConfigureAwait(false);
            return new SourceListing(maps.Items.Select(c => ToSource(reference, c)).FirstOrDefault(), maps.Metadata.ResourceVersion);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"listing {reference} at {BaseUri} took longer than {RequestTimeout.TotalSeconds} s");
        }
    }

    /// <summary>Watches <paramref name="reference"/> from <paramref name="resourceVersion"/> until the server ends the stream.</summary>
    /// <exception cref="ResourceVersionExpiredException">The server answered 410 Gone.</exception>
    public async IAsyncEnumerable<SourceEvent> WatchAsync(SourceReference reference, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? error = null;
        var selector = $"metadata.name={reference.Name}";
        var events = reference.Kind == SourceKind.Secret
            ? _client.CoreV1.WatchListNamespacedSecretAsync(reference.Namespace, allowWatchBookmarks: true, fieldSelector: selector,
                    resourceVersion: resourceVersion, timeoutSeconds: WatchTimeoutSeconds, onError: e => error ??= e, cancellationToken: cancellationToken)
                .Select(e => (e.Item1, (IKubernetesObject<V1ObjectMeta>)e.Item2))
            : _client.CoreV1.WatchListNamespacedConfigMapAsync(reference.Namespace, allowWatchBookmarks: true, fieldSelector: selector,
                    resourceVersion: resourceVersion, timeoutSeconds: WatchTimeoutSeconds, onError: e => error ??= e, cancellationToken: cancellationToken)
                .Select(e => (e.Item1, (IKubernetesObject<V1ObjectMeta>)e.Item2));
        await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                throw new ResourceVersionExpiredException($"resourceVersion {resourceVersion} of {reference} is too old", e);
            }

            if (!more || error is not null)
            {
                break;
            }

            var (type, item) = enumerator.Current;
            var version = item.Metadata?.ResourceVersion ?? resourceVersion;
            yield return type switch
            {
                WatchEventType.Added or WatchEventType.Modified => new SourceEvent(ToSource(reference, item), false, version),
                WatchEventType.Deleted => new SourceEvent(null, true, version),
                _ => new SourceEvent(null, false, version),
            };
        }

        if (error is KubernetesException { Status.Code: (int)HttpStatusCode.Gone })
        {
            throw new ResourceVersionExpiredException($"resourceVersion {resourceVersion} of {reference} is too old: {error.Message}");
        }

        if (error is not null)
        {
            throw new IOException($"watch of {reference} failed: {error.Message}", error);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _retired.Append(_client))
        {
            client.Dispose();
        }
    }

    private (k8s.Kubernetes Client, string? Namespace) Build()
    {
        try
        {
            // Without --kubeconfig the client reads KUBECONFIG (merging its files) or ~/.kube/config itself.
            var config = _kubeconfig is not null
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(_kubeconfig)
                : KubernetesClientConfiguration.BuildDefaultConfig();

            // Watches stay open for minutes; each plain request gets its own timeout instead.
            config.HttpClientTimeout = Timeout.InfiniteTimeSpan;
            return (new k8s.Kubernetes(config), config.Namespace);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or FormatException or YamlDotNet.Core.YamlException)
        {
            throw new DeliveryException($"kubeconfig {Source}: {e.Message}", e);
        }
    }

    private string Fingerprint() =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(_paths.SelectMany(File.ReadAllBytes).ToArray()));

    private static SourceObject ToSource(SourceReference reference, IKubernetesObject<V1ObjectMeta> item)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        switch (item)
        {
            case V1Secret secret:
                foreach (var (key, value) in secret.Data ?? new Dictionary<string, byte[]>())
                {
                    data[key] = value;
                }

                break;
            case V1ConfigMap map:
                foreach (var (key, value) in map.Data ?? new Dictionary<string, string>())
                {
                    data[key] = Encoding.UTF8.GetBytes(value);
                }

                foreach (var (key, value) in map.BinaryData ?? new Dictionary<string, byte[]>())
                {
                    data[key] = value;
                }

                break;
        }

        return new SourceObject(reference, data, item.Metadata.ResourceVersion);
    }
}
