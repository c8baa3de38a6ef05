using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using AtRest.Encryption;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.ApiServer.Tests.Hosting;

/// <summary>An <see cref="ApiServerHost"/> in this process on a free port, over a real etcd, with fresh credentials.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly EtcdServer _etcd;
    private readonly IKeyValueStore _store;

    private InProcessServer(TempDirectory directory, EtcdServer etcd, IKeyValueStore store, ServerCredentials credentials, ApiServerHost host)
    {
        _directory = directory;
        _etcd = etcd;
        _store = store;
        Credentials = credentials;
        Host = host;
    }

    /// <summary>The server's credentials (CA, admin certificate, token).</summary>
    public ServerCredentials Credentials { get; }

    /// <summary>The running host.</summary>
    public ApiServerHost Host { get; }

    /// <summary>The data directory.</summary>
    public string DataDirectory => _directory.Path;

    /// <summary>Starts etcd and the server; <paramref name="configure"/> may replace the transformers or add reload.</summary>
    public static async Task<InProcessServer> StartAsync(
        IResourceTransformers? transformers = null, Func<string, EncryptionConfigReloadOptions>? reload = null, string? configHash = null)
    {
        var directory = new TempDirectory("host");
        var etcd = await EtcdServer.StartAsync();
        var store = new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcd.Endpoints });
        var credentials = ServerCredentials.LoadOrCreate(new CredentialPaths(directory.Path), ["localhost"], [IPAddress.Loopback]);
        var host = await ApiServerHost.StartAsync(new ApiServerHostOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            Credentials = credentials,
            Store = store,
            Transformers = transformers ?? ResourceTransformers.IdentityOnly,
            Reload = reload?.Invoke(directory.Path),
            EncryptionConfigHash = configHash,
            ConfigureLogging = _ => { },
        }, TestContext.Current.CancellationToken);
        return new InProcessServer(directory, etcd, store, credentials, host);
    }

    /// <summary>A client that trusts the server's CA and presents <paramref name="clientCertificate"/> (none when null).</summary>
    public HttpClient Client(X509Certificate2? clientCertificate = null, string? bearerToken = null)
    {
        var authority = Credentials.Authority.Certificate;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && ClientCertificateValidator.ChainsTo(certificate, authority),
        };
        if (clientCertificate is not null)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(clientCertificate);
        }

        var client = new HttpClient(handler) { BaseAddress = Host.Url };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    /// <summary>A client authenticated as the admin by certificate.</summary>
    public HttpClient AdminClient() => Client(Credentials.AdminCertificate);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _store.DisposeAsync();
        Credentials.Dispose();
        await _etcd.DisposeAsync();
        _directory.Dispose();
    }
}
