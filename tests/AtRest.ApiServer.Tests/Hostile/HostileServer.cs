using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using AtRest.Encryption;
using AtRest.Storage;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// The real HTTPS server (<see cref="ApiServerHost"/>) in this process on 127.0.0.1 port 0 over a real SQLite file in a
/// fresh temp folder (or a real etcd of its own), with the admin's credentials, a raw TLS client for requests .NET's HttpClient would normalise,
/// and a full store dump.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    private static readonly TimeSpan RawTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory;
    private readonly LogCollector _log;
    private readonly EtcdServer? _etcd;

    private HostileServer(TempDirectory directory, EtcdServer? etcd, IKeyValueStore store, ServerCredentials credentials, ApiServerHost host, LogCollector log)
    {
        _directory = directory;
        _etcd = etcd;
        Store = store;
        Credentials = credentials;
        Host = host;
        _log = log;
    }

    /// <summary>The store beneath the API.</summary>
    public IKeyValueStore Store { get; }

    /// <summary>The server's CA, admin certificate and token.</summary>
    public ServerCredentials Credentials { get; }

    /// <summary>The running host.</summary>
    public ApiServerHost Host { get; }

    /// <summary>The scratch folder (kubeconfig, kubectl's HOME).</summary>
    public string Directory => _directory.Path;

    /// <summary>Everything the server logged, for failure messages.</summary>
    public string Log => _log.Text;

    /// <summary>
    /// Starts the server over SQLite, or over a fresh etcd when <paramref name="etcd"/>; identity-only encryption when
    /// <paramref name="transformers"/> is null.
    /// </summary>
    public static async Task<HostileServer> StartAsync(IResourceTransformers? transformers = null, bool etcd = false)
    {
        var directory = new TempDirectory("hostile");
        var log = new LogCollector();
        var etcdServer = etcd ? await EtcdServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken) : null;
        IKeyValueStore store = etcdServer is null
            ? SqliteKeyValueStore.Open(directory.File("state.db"))
            : new EtcdKeyValueStore(new EtcdOptions { Endpoints = etcdServer.Endpoints });
        var credentials = ServerCredentials.LoadOrCreate(new CredentialPaths(directory.File("data")), ["localhost"], [IPAddress.Loopback]);
        try
        {
            var host = await ApiServerHost.StartAsync(new ApiServerHostOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                Credentials = credentials,
                Store = store,
                Transformers = transformers ?? ResourceTransformers.IdentityOnly,
                ConfigureLogging = logging => logging.AddProvider(log),
            }, TestContext.Current.CancellationToken);
            return new HostileServer(directory, etcdServer, store, credentials, host, log);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"the server did not start: {e.Message}\n--- server log ---\n{log.Text}", e);
        }
    }

    /// <summary>A client authenticated as the admin by certificate.</summary>
    public HttpClient AdminClient()
    {
        var authority = Credentials.Authority.Certificate;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && ClientCertificateValidator.ChainsTo(certificate, authority),
            ClientCertificateOptions = ClientCertificateOption.Manual,
        };
        handler.ClientCertificates.Add(Credentials.AdminCertificate);
        return new HttpClient(handler) { BaseAddress = Host.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Writes a kubeconfig for the admin and returns its path.</summary>
    public string WriteKubeconfig()
    {
        var path = Path.Combine(Directory, "admin.kubeconfig");
        File.WriteAllText(path, KubeconfigWriter.Build(Host.Url.ToString().TrimEnd('/'),
            Credentials.Authority.Certificate.ExportCertificatePem() + "\n", Credentials.AdminCertificate));
        return path;
    }

    /// <summary>The store dump (<see cref="StoreDump"/>).</summary>
    public Task<string> DumpAsync() => StoreDump.TakeAsync(Store);

    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="target"/> exactly as written (no normalisation of <c>.</c>,
    /// <c>..</c> or percent-escapes) over TLS as the admin, with <c>Connection: close</c>, and reads the whole answer.
    /// </summary>
    public async Task<RawResponse> SendRawAsync(string method, string target, byte[]? body = null, string contentType = "application/json")
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(RawTimeout);
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(IPAddress.Loopback, Host.Url.Port, timeout.Token);
        await using var tls = new SslStream(tcp.GetStream());
        var authority = Credentials.Authority.Certificate;
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = new X509CertificateCollection { Credentials.AdminCertificate },
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && ClientCertificateValidator.ChainsTo(new X509Certificate2(certificate), authority),
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        }, timeout.Token);
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAccept: application/json\r\n");
        if (body is not null)
        {
            head.Append($"Content-Type: {contentType}\r\n");
        }

        head.Append($"Content-Length: {body?.Length ?? 0}\r\n\r\n");
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), timeout.Token);
        if (body is not null)
        {
            await tls.WriteAsync(body, timeout.Token);
        }

        await tls.FlushAsync(timeout.Token);
        using var received = new MemoryStream();
        await tls.CopyToAsync(received, timeout.Token);
        return Parse(received.ToArray());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Store.DisposeAsync();
        Credentials.Dispose();
        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }

        _directory.Dispose();
    }

    private static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no complete HTTP head in: {text}");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(status, headers, body);
    }

    private static string Dechunk(string chunked)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            result.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }

        return result.ToString();
    }
}
