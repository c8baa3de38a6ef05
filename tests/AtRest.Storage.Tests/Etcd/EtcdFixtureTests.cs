using AtRest.Tests.Shared;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>The real-etcd fixture itself: a member that cannot start fails with etcd's own log.</summary>
[Trait("Category", "Integration")]
public sealed class EtcdFixtureTests
{
    [Fact]
    public async Task AMemberThatCannotStartFailsWithItsLog()
    {
        using var directory = new TempDirectory("etcd-broken");
        var notADirectory = directory.File("data");
        await File.WriteAllTextAsync(notADirectory, "a file where etcd expects its data dir", TestContext.Current.CancellationToken);
        var ports = FreeTcpPort.Take(2);
        using var member = new EtcdMember(new EtcdMemberConfig(
            "broken", ports[0], ports[1], notADirectory, $"broken=http://127.0.0.1:{ports[1]}", "atrest-broken", null));

        member.Start();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => member.WaitHealthyAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        Assert.Contains("exited during start-up", e.Message, StringComparison.Ordinal);
        Assert.Contains("--- etcd broken log", e.Message, StringComparison.Ordinal);
        Assert.Contains(notADirectory, e.Message.Split("--- etcd broken log")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void FreePortsAreDistinct()
    {
        var ports = FreeTcpPort.Take(6);
        Assert.Equal(6, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 1, 65535));
    }
}
