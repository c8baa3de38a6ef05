using AtRest.Storage.Etcd;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>One real single-member etcd shared by the tests of a class or collection.</summary>
public sealed class EtcdServerFixture : IAsyncLifetime
{
    private EtcdServer? _server;

    /// <summary>The running server.</summary>
    public EtcdServer Server => _server ?? throw new InvalidOperationException("etcd fixture not started");

    /// <summary>A store on the shared server.</summary>
    public EtcdKeyValueStore CreateStore() => new(new EtcdOptions { Endpoints = Server.Endpoints });

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _server = await EtcdServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
