using AtRest.ApiServer.Lifecycle;
using AtRest.Cli.Commands.SecretsEncrypt;

namespace AtRest.Cli.Tests.SecretsEncrypt;

/// <summary>The one follower of a run that reencrypt and rotate-keys share: every reading shown, the end returned, a lost run named.</summary>
public sealed class ReencryptProgressTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Shows_every_reading_until_the_run_finishes_and_returns_the_last()
    {
        var readings = new Queue<ReencryptionRun>([Run(ReencryptionState.Running, 0), Run(ReencryptionState.Running, 2), Run(ReencryptionState.Failed, 3)]);
        var shown = new List<long>();

        var final = await ReencryptProgress.PollAsync(_ => Task.FromResult(readings.Dequeue()), "run-1", r => shown.Add(r.Done), Interval,
            TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Equal(ReencryptionState.Failed, final.State);
        Assert.Equal([0L, 2L, 3L], shown);
        Assert.Empty(readings);
    }

    [Fact]
    public async Task A_run_replaced_by_another_is_named()
    {
        var readings = new Queue<ReencryptionRun>([Run(ReencryptionState.Running, 1), Run(ReencryptionState.Running, 0) with { Id = "run-2" }]);

        var error = await Assert.ThrowsAsync<LifecycleException>(() => ReencryptProgress.PollAsync(
            _ => Task.FromResult(readings.Dequeue()), "run-1", _ => { }, Interval, TimeProvider.System, TestContext.Current.CancellationToken));

        Assert.Equal("the re-encryption run run-1 was replaced by run run-2 (Running)", error.Message);
    }

    [Fact]
    public async Task A_run_that_is_gone_ends_the_wait_instead_of_polling_forever()
    {
        var error = await Assert.ThrowsAsync<LifecycleException>(() => ReencryptProgress.PollAsync(
            _ => Task.FromResult(new ReencryptionRun()), "run-1", _ => Assert.Fail("a missing run is not progress"), Interval, TimeProvider.System,
            TestContext.Current.CancellationToken));

        Assert.StartsWith("the server reports no re-encryption run (state None) after run run-1 was started", error.Message, StringComparison.Ordinal);
    }

    private static ReencryptionRun Run(ReencryptionState state, long done) => new() { Id = "run-1", State = state, Total = 3, Done = done };
}
