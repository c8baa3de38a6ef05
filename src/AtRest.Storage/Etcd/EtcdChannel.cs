using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AtRest.Storage.Etcd;

/// <summary>
/// Builds the one HTTP/2 gRPC channel a store uses for its whole life: every endpoint behind a static resolver with
/// round-robin balancing (a dead member's subchannel drops out and calls go to the others), optional TLS with a
/// private CA and a client certificate, a large receive limit and a short reconnect backoff.
/// </summary>
internal static class EtcdChannel
{
    public static GrpcChannel Create(EtcdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoints is null || options.Endpoints.Count == 0)
        {
            throw new ArgumentException("etcd options name no endpoint", nameof(options));
        }

        var addresses = new List<BalancerAddress>();
        bool? tls = null;
        foreach (var endpoint in options.Endpoints)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") || uri.AbsolutePath != "/")
            {
                throw new ArgumentException($"etcd endpoint '{endpoint}' is not of the form http://host:port or https://host:port", nameof(options));
            }

            var endpointTls = uri.Scheme == "https";
            if (tls is not null && tls != endpointTls)
            {
                throw new ArgumentException($"etcd endpoints mix http and https: {string.Join(", ", options.Endpoints)}", nameof(options));
            }

            tls = endpointTls;
            addresses.Add(new BalancerAddress(uri.Host, uri.Port));
        }

        if ((options.CertFile is null) != (options.KeyFile is null))
        {
            throw new ArgumentException("etcd client certificate needs both a certificate file and a key file", nameof(options));
        }

        if (tls == false && (options.CaFile ?? options.CertFile) is not null)
        {
            throw new ArgumentException($"etcd TLS files were given but the endpoints use http: {string.Join(", ", options.Endpoints)}", nameof(options));
        }

        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.DialTimeout,
            // Detects a member that vanished without closing its sockets (a partition rather than a crash).
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (tls == true)
        {
            handler.SslOptions = TlsOptions(options);
        }

        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => addresses));
        return GrpcChannel.ForAddress("static:///etcd", new GrpcChannelOptions
        {
            Credentials = tls == true ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
            HttpHandler = handler,
            DisposeHttpClient = true,
            ServiceProvider = services.BuildServiceProvider(),
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
            MaxReceiveMessageSize = options.MaxReceiveMessageSize,
            MaxSendMessageSize = null,
            // Callers see the usual OperationCanceledException, not RpcException(Cancelled).
            ThrowOperationCanceledOnCancellation = true,
            // The default (1 s growing to 120 s) kept a client away for ~10 s after its only member came back.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
            MaxReconnectBackoff = TimeSpan.FromSeconds(2),
        });
    }

    private static SslClientAuthenticationOptions TlsOptions(EtcdOptions options)
    {
        var ssl = new SslClientAuthenticationOptions();
        if (options.CertFile is not null)
        {
            ssl.ClientCertificates = [LoadClientCertificate(options.CertFile, options.KeyFile!)];
        }

        if (options.CaFile is not null)
        {
            var ca = LoadCa(options.CaFile);
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                // Host-name mismatches still fail; only the chain is judged against the given CA instead of the system store.
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }

        return ssl;
    }

    private static X509Certificate2Collection LoadCa(string caFile)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"etcd CA file '{caFile}' could not be read as PEM certificates: {e.Message}", e);
        }

        return collection.Count > 0
            ? collection
            : throw new ArgumentException($"etcd CA file '{caFile}' holds no PEM certificate");
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, string keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"etcd client certificate '{certFile}' with key '{keyFile}' could not be loaded: {e.Message}", e);
        }
    }
}
