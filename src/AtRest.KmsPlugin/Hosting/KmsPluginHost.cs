using System.Net;
using System.Net.Sockets;
using AtRest.KmsPlugin.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace AtRest.KmsPlugin.Hosting;

/// <summary>
/// <c>atrest kms-plugin</c>: <c>v2.KeyManagementService</c> and <c>v1beta1.KeyManagementService</c> over HTTP/2 on one unix
/// socket (mode 0600), plus <c>/healthz</c> and <c>/metrics</c> on an optional loopback TCP address. The key list is
/// refreshed in the background, so Status answers from memory.
/// </summary>
internal sealed class KmsPluginHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly KmsPluginOptions _options;
    private readonly string _bindPath;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _refresher;

    private KmsPluginHost(WebApplication app, KmsPluginOptions options, string bindPath, PluginMetrics metrics)
    {
        _app = app;
        _options = options;
        _bindPath = bindPath;
        _refresher = Task.Run(() => RefreshAsync(metrics, _stop.Token));
    }

    /// <summary>The health URL (<c>http://127.0.0.1:PORT</c>), when a health address was given.</summary>
    public Uri? HealthUrl { get; private set; }

    public static async Task<KmsPluginHost> StartAsync(KmsPluginOptions options, CancellationToken cancellationToken)
    {
        var bindPath = UnixSocketFile.BindPath(options.Listen);
        UnixSocketFile.RemoveStale(bindPath);
        options.Backend.Refresh();
        var metrics = new PluginMetrics();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // An endpoint rather than ListenUnixSocket, which refuses abstract names.
            kestrel.Listen(new UnixDomainSocketEndPoint(bindPath), listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(Http2AuthorityRewriter.Use);
            });
            if (options.HealthAddress is { } health)
            {
                kestrel.Listen(health, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        builder.Services.AddSingleton(options.Backend);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<PluginMetricsInterceptor>());

        var app = builder.Build();
        app.MapGrpcService<V2KeyManagementService>();
        app.MapGrpcService<V1KeyManagementService>();
        app.MapGet("/healthz", () => options.Backend.Status is { IsHealthy: true }
            ? Results.Text("ok")
            : Results.Text($"key backend {options.Backend.Kind}: {options.Backend.Status.Healthz}", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapMetrics("/metrics", metrics.Registry);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        UnixSocketFile.Restrict(bindPath);

        var host = new KmsPluginHost(app, options, bindPath, metrics);
        if (options.HealthAddress is not null)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .First(a => a.StartsWith("http://", StringComparison.Ordinal) && !a.StartsWith("http://unix:", StringComparison.Ordinal));
            host.HealthUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }

        return host;
    }

    /// <summary>Completes when the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Finishes in-flight calls, stops listening, removes the socket file and releases the backend.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _refresher.ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        UnixSocketFile.Remove(_bindPath);
        _options.Backend.Dispose();
        _stop.Dispose();
    }

    private async Task RefreshAsync(PluginMetrics metrics, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(_options.RefreshInterval);
            do
            {
                _options.Backend.Refresh();
                metrics.Healthy.Set(_options.Backend.Status.IsHealthy ? 1 : 0);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
