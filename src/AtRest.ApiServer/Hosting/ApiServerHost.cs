using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AtRest.ApiServer.Audit;
using AtRest.ApiServer.Lifecycle;
using AtRest.ApiServer.Observability;
using AtRest.ApiServer.Security;
using AtRest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace AtRest.ApiServer.Hosting;

/// <summary>
/// The running HTTPS server: Kestrel with the serving certificate, client-certificate and token authentication,
/// request metrics, health endpoints, <c>/metrics</c>, the Kubernetes API and the automatic config reloader.
/// </summary>
public sealed class ApiServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _reloadLoop;
    private readonly Task _heartbeatLoop;
    private readonly Task _reencryptionLoop;
    private readonly ReencryptionCoordinator _reencryption;

    private ApiServerHost(
        WebApplication app, Uri url, ApiServerMetrics metrics, EncryptionConfigReloader? reloader, ServerHeartbeat heartbeat, ReencryptionCoordinator reencryption)
    {
        _app = app;
        Url = url;
        Metrics = metrics;
        Reloader = reloader;
        Heartbeat = heartbeat;
        _reloadLoop = reloader is null ? Task.CompletedTask : Task.Run(() => reloader.RunAsync(_stopping.Token));
        _heartbeatLoop = Task.Run(() => heartbeat.RunAsync(_stopping.Token));
        // A run left Running by a server that is gone (a crashed predecessor on this data directory included) resumes here.
        _reencryption = reencryption;
        _reencryptionLoop = Task.Run(() => reencryption.RunAsync(_stopping.Token));
    }

    /// <summary>The address clients use, e.g. <c>https://127.0.0.1:6443</c>.</summary>
    public Uri Url { get; }

    /// <summary>The server's metrics.</summary>
    public ApiServerMetrics Metrics { get; }

    /// <summary>The automatic reloader, when enabled.</summary>
    public EncryptionConfigReloader? Reloader { get; }

    /// <summary>Publishes this server's configuration hash and stage in the store.</summary>
    public ServerHeartbeat Heartbeat { get; }

    /// <summary>The server's logger factory.</summary>
    public ILoggerFactory LoggerFactory => _app.Services.GetRequiredService<ILoggerFactory>();

    /// <summary>Builds and starts the server; returns once it listens.</summary>
    public static async Task<ApiServerHost> StartAsync(ApiServerHostOptions options, CancellationToken cancellationToken = default)
    {
        var metrics = new ApiServerMetrics(ApiServerIdentity.HashFor(options.HostName));
        if (options.EncryptionConfigHash is { } hash)
        {
            metrics.SetConfigHash(hash);
        }

        var transformers = new InstrumentedResourceTransformers(options.Transformers, metrics);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        ConfigureLogging(builder, options);
        ConfigureKestrel(builder, options);
        // Open watches would otherwise hold a stop for the default 30 s; clients re-list and re-watch after a restart.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(3));
        KubernetesApiRegistration.AddServices(builder.Services, options, transformers);

        // The KMS metrics listener lives (and is disposed) with the server's container.
        builder.Services.AddSingleton(_ => new InstrumentedKmsMetrics(metrics));
        if (options.Audit is { } auditOptions)
        {
            // A container singleton, so that stopping the server writes the queued events and closes the log.
            builder.Services.AddSingleton(services => new AuditPipeline(auditOptions, options.Transformers, options.TimeProvider,
                services.GetRequiredService<ILoggerFactory>().CreateLogger("audit")));
        }

        var app = builder.Build();
        app.Services.GetRequiredService<InstrumentedKmsMetrics>();
        EncryptionConfigReloader? reloader = options.Reload is null
            ? null
            : new EncryptionConfigReloader(options.Reload, metrics, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("encryption-config"),
                options.ForceEncryptionConfig ? null : new LockoutCheck(options.Store, new StorageKeys(options.EtcdPrefix)));
        if (reloader is not null)
        {
            reloader.Events = app.Services.GetRequiredService<Endpoints.ApiServices>().EncryptionEvents;
        }

        var health = BuildHealthChecks(options, reloader);

        // kube-apiserver's order, outermost first: every request is counted; the deadline covers everything after it;
        // only authenticated requests take an in-flight slot; authorization comes after the limit (so a 429 goes to
        // whoever is not system:masters), and only an authorized request has its body read.
        app.UseMiddleware<RequestMetricsMiddleware>(metrics);
        app.UseMiddleware<RequestTimeoutMiddleware>(options.RequestTimeout, options.TimeProvider);
        app.UseMiddleware<AuthenticationMiddleware>(
            new ClientCertificateValidator(options.Credentials.ClientAuthorities), options.Credentials.Tokens);
        if (options.Audit is not null)
        {
            // kube-apiserver audits right after authentication, so 429s and 403s are recorded too.
            app.UseMiddleware<AuditMiddleware>(app.Services.GetRequiredService<AuditPipeline>());
        }

        // kube-apiserver impersonates after audit (the event keeps the real user) and before the limits and authorization.
        app.UseMiddleware<ImpersonationMiddleware>();
        app.UseMiddleware<InflightLimiterMiddleware>(options.MaxRequestsInflight, options.MaxMutatingRequestsInflight);
        app.UseMiddleware<AuthorizationMiddleware>();
        app.UseMiddleware<RequestBodyBufferMiddleware>();
        app.MapHealthEndpoints(health);
        app.MapMetrics("/metrics", metrics.Registry);
        LifecycleEndpoints.Map(app, options.Store, options.EtcdPrefix, options.Transformers, options.Reload?.Kms, options.TimeProvider);
        var heartbeat = new ServerHeartbeat(options.Store, new StorageKeys(options.EtcdPrefix),
            () => reloader?.AppliedHash ?? options.EncryptionConfigHash ?? string.Empty, options.HostName, options.TimeProvider,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("server-record"));
        var reencryption = new ReencryptionCoordinator(options.Store, new StorageKeys(options.EtcdPrefix), options.Transformers, heartbeat.Id,
            options.HostName, options.TimeProvider, new ReencryptionMetrics(metrics.Registry),
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("reencryption"));
        LifecycleEndpoints.MapReencryption(app, reencryption);
        KubernetesApiRegistration.MapEndpoints(app);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var url = ClientUrl(app, options.BindAddress);
        return new ApiServerHost(app, url, metrics, reloader, heartbeat, reencryption);
    }

    /// <summary>Completes when the server has been asked to stop (Ctrl+C, SIGTERM) or <see cref="DisposeAsync"/> ran.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _reloadLoop.ConfigureAwait(false);
        await _heartbeatLoop.ConfigureAwait(false);
        await _reencryptionLoop.ConfigureAwait(false);
        await _reencryption.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, ApiServerHostOptions options)
    {
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        // Per-request framework logs would cost time on the hot path and add nothing an operator needs.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        if (options.ConfigureLogging is { } configure)
        {
            configure(builder.Logging);
        }
        else
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, ApiServerHostOptions options)
    {
        var credentials = options.Credentials;
        var serving = SslStreamCertificateContext.Create(credentials.ServingCertificate, additionalCertificates: null, offline: true,
            trust: SslCertificateTrust.CreateForX509Collection(credentials.ClientAuthorities, sendTrustInHandshake: true));
        var authorities = credentials.ClientAuthorities;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Between requests only: a watch streaming its response is not idle. kube-apiserver's Go server uses the same
            // 90 s, so thousands of idle connections cannot be parked on the server for long.
            kestrel.Limits.KeepAliveTimeout = options.IdleConnectionTimeout;
            kestrel.Limits.RequestHeadersTimeout = RequestLimits.RequestHeadersTimeout;
            kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxRequestBodyBytes;
            kestrel.Listen(options.BindAddress, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = credentials.ServingCertificate,
                    // Advertise the trusted CAs so that clients (Go's crypto/tls in particular) offer the matching certificate;
                    // whether it is trusted is decided per request, so anonymous health checks still connect.
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                    CheckCertificateRevocation = false,
                    HandshakeTimeout = options.TlsHandshakeTimeout,
                    OnAuthenticate = (_, ssl) =>
                    {
                        ssl.ServerCertificateContext = serving;
                        // The handshake builds the client's chain too: offline, the trusted CAs only, or it would fetch AIA URLs.
                        ssl.CertificateChainPolicy = ClientCertificateValidator.OfflinePolicy(authorities);
                    },
                });
            });
        });
    }

    private static HealthChecks BuildHealthChecks(ApiServerHostOptions options, EncryptionConfigReloader? reloader)
    {
        var checks = new HealthChecks();
        checks.AddEverywhere(HealthCheck.AlwaysOk("ping"));
        checks.AddEverywhere(HealthCheck.AlwaysOk("log"));
        checks.AddEverywhere(StorageHealthCheck.For(options.Store));
        KmsHealthChecks.Register(checks, options.Transformers, automaticReload: reloader is not null);
        if (reloader is not null)
        {
            checks.AddWithoutLivez(reloader.HealthCheck);
        }

        return checks;
    }

    private static Uri ClientUrl(WebApplication app, IPAddress bindAddress)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = bindAddress.Equals(IPAddress.Any) ? IPAddress.Loopback
            : bindAddress.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : bindAddress;
        var hostText = host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString();
        return new Uri($"https://{hostText}:{port}");
    }
}
