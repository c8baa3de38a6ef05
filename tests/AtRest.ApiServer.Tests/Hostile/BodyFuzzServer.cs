using System.Net;
using System.Security.Cryptography;
using System.Text;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using AtRest.Encryption;
using AtRest.Storage;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// The API server in this process over HTTPS on 127.0.0.1 (a free port), with fresh credentials and a real SQLite
/// store in a temp folder, plus a dump of every stored key to prove that a rejected request changed nothing.
/// </summary>
internal sealed class BodyFuzzServer : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly IKeyValueStore _store;
    private readonly ServerCredentials _credentials;
    private readonly ApiServerHost _host;

    private BodyFuzzServer(TempDirectory directory, IKeyValueStore store, ServerCredentials credentials, ApiServerHost host)
    {
        _directory = directory;
        _store = store;
        _credentials = credentials;
        _host = host;
        var authority = credentials.Authority.Certificate;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && ClientCertificateValidator.ChainsTo(certificate, authority),
            ClientCertificateOptions = ClientCertificateOption.Manual,
        };
        handler.ClientCertificates.Add(credentials.AdminCertificate);
        Client = new HttpClient(handler) { BaseAddress = host.Url, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>A client authenticated as the admin.</summary>
    public HttpClient Client { get; }

    public static async Task<BodyFuzzServer> StartAsync()
    {
        var directory = new TempDirectory("body-fuzz");
        var store = SqliteKeyValueStore.Open(directory.File("state.db"));
        var credentials = ServerCredentials.LoadOrCreate(new CredentialPaths(directory.Path), ["localhost"], [IPAddress.Loopback]);
        var host = await ApiServerHost.StartAsync(new ApiServerHostOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            Credentials = credentials,
            Store = store,
            Transformers = ResourceTransformers.IdentityOnly,
            ConfigureLogging = _ => { },
        }, TestContext.Current.CancellationToken);
        return new BodyFuzzServer(directory, store, credentials, host);
    }

    /// <summary>Every key with its create and mod revisions and a hash of its value, and the store's revision.</summary>
    public async Task<string> DumpAsync()
    {
        var range = await _store.RangeAsync(new RangeRequest("/"), TestContext.Current.CancellationToken);
        var dump = new StringBuilder().Append("revision ").Append(range.Revision).Append('\n');
        foreach (var item in range.Items)
        {
            dump.Append(item.Key).Append(' ').Append(item.CreateRevision).Append(' ').Append(item.ModRevision).Append(' ')
                .Append(Convert.ToHexStringLower(SHA256.HashData(item.Value))).Append('\n');
        }

        return dump.ToString();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
        await _store.DisposeAsync();
        _credentials.Dispose();
        _directory.Dispose();
    }
}
