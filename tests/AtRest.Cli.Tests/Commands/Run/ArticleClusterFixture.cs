namespace AtRest.Cli.Tests.Commands.Run;

/// <summary>One <see cref="ArticleCluster"/> shared by the tests of a class; tests that change objects use their own names.</summary>
public sealed class ArticleClusterFixture : IAsyncLifetime
{
    private ArticleCluster? _cluster;

    /// <summary>The running cluster.</summary>
    public ArticleCluster Cluster => _cluster ?? throw new InvalidOperationException("the fixture is not initialised");

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _cluster = await ArticleCluster.StartAsync(TestContext.Current.CancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
