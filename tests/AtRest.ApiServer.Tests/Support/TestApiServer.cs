using System.Net;
using AtRest.Encryption;
using AtRest.Storage;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Tests.Support;

/// <summary>The Kubernetes API on plain HTTP at 127.0.0.1 (a free port) over a real SQLite store in a temp folder.</summary>
internal sealed class TestApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TempDirectory? directory;

    private TestApiServer(WebApplication app, TempDirectory? directory, IKeyValueStore store, Uri address)
    {
        this.app = app;
        this.directory = directory;
        Store = store;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:43123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>A client for the server.</summary>
    public HttpClient Client { get; }

    /// <summary>The store beneath the API.</summary>
    public IKeyValueStore Store { get; }

    /// <summary>Starts a server; <paramref name="transformers"/> defaults to identity only.</summary>
    /// <param name="transformers">The encryption configuration; identity only when null.</param>
    /// <param name="minorVersion">The <c>/version</c> minor.</param>
    /// <param name="databaseFolder">A folder whose database to reuse (kept on dispose); a fresh temp folder when null.</param>
    /// <param name="services">Adds or replaces services (e.g. hidden settings) before the server is built.</param>
    /// <param name="kinds">The served kinds; the built-in ones when null.</param>
    public static async Task<TestApiServer> StartAsync(
        IResourceTransformers? transformers = null, string minorVersion = "32", string? databaseFolder = null, Action<IServiceCollection>? services = null,
        AtRest.ApiServer.Resources.KindRegistry? kinds = null)
    {
        var directory = databaseFolder is null ? new TempDirectory("apiserver") : null;
        var store = SqliteKeyValueStore.Open(Path.Combine(databaseFolder ?? directory!.Path, "store.db"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddKubernetesApi(new KubernetesApiOptions
        {
            Store = store,
            Transformers = transformers ?? ResourceTransformers.IdentityOnly,
            MinorVersion = minorVersion,
            Kinds = kinds ?? AtRest.ApiServer.Resources.KindRegistry.BuiltIn,
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapKubernetesApi();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestApiServer(app, directory, store, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        await Store.DisposeAsync();
        directory?.Dispose();
    }
}
