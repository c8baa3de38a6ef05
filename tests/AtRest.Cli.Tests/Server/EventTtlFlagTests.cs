using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Server;

/// <summary><c>atrest server --event-ttl</c>: a Go duration, refused with kube's flag error when malformed and under 1 s.</summary>
[Trait("Category", "Integration")]
public sealed class EventTtlFlagTests : IDisposable
{
    private readonly TempDirectory _scratch = new("event-ttl-flag");

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData("Error: invalid argument \"soon\" for \"--event-ttl\" flag: time: invalid duration \"soon\"", "soon")]
    [InlineData("Error: --event-ttl 0.5s must be at least 1s: events are kept for whole seconds, as etcd leases are", "500ms")]
    public async Task Bad_values_are_refused_before_anything_starts(string message, string value)
    {
        var data = _scratch.File("data");

        var (exit, _, stderr) = await AtRestServer.RunCliAsync(["server", "--data-dir", data, "--event-ttl", value], TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }
}
