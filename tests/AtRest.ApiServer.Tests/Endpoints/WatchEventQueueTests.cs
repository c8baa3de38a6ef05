using AtRest.ApiServer.Endpoints;

namespace AtRest.ApiServer.Tests.Endpoints;

/// <summary>The per-watch queue counts bytes, not events, and tells a producer when its consumer stopped taking lines.</summary>
public sealed class WatchEventQueueTests
{
    private const long Budget = 1024 * 1024;
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Many_small_lines_fit_where_two_large_ones_do_not()
    {
        var queue = new WatchEventQueue(Budget);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(await queue.TryEnqueueAsync(Line(200, i), Short, TimeProvider.System, Token), $"small line {i} was refused");
        }

        var large = new WatchEventQueue(Budget);
        Assert.True(await large.TryEnqueueAsync(Line(600 * 1024, 1), Short, TimeProvider.System, Token));
        Assert.False(await large.TryEnqueueAsync(Line(600 * 1024, 2), Short, TimeProvider.System, Token));
        Assert.True(large.Bytes <= Budget);
    }

    [Fact]
    public async Task A_line_larger_than_the_budget_passes_when_the_queue_is_empty()
    {
        var queue = new WatchEventQueue(Budget);

        Assert.True(await queue.TryEnqueueAsync(Line(3 * 1024 * 1024, 1), Short, TimeProvider.System, Token));
        Assert.False(await queue.TryEnqueueAsync(Line(10, 2), Short, TimeProvider.System, Token));
    }

    [Fact]
    public async Task A_waiting_producer_goes_on_once_the_consumer_takes_a_line()
    {
        var queue = new WatchEventQueue(Budget);
        Assert.True(await queue.TryEnqueueAsync(Line(900 * 1024, 1), Short, TimeProvider.System, Token));
        var waiting = queue.TryEnqueueAsync(Line(900 * 1024, 2), Long, TimeProvider.System, Token);
        Assert.False(waiting.IsCompleted);

        Assert.True(queue.TryDequeue(out var first));

        Assert.True(await waiting);
        Assert.Equal(1, first.Revision);
        Assert.True(queue.TryDequeue(out var second));
        Assert.Equal(2, second.Revision);
    }

    [Fact]
    public async Task Completion_with_an_error_comes_after_the_queued_lines()
    {
        var queue = new WatchEventQueue(Budget);
        await queue.TryEnqueueAsync(Line(10, 1), Short, TimeProvider.System, Token);
        var failure = new InvalidOperationException("store failed");

        queue.Complete(failure);

        Assert.False(queue.IsFinished(out _));
        Assert.True(queue.TryDequeue(out _));
        Assert.True(queue.IsFinished(out var error));
        Assert.Same(failure, error);
    }

    [Fact]
    public async Task Abandon_drops_the_lines_and_releases_a_waiting_producer()
    {
        var queue = new WatchEventQueue(Budget);
        await queue.TryEnqueueAsync(Line(900 * 1024, 1), Short, TimeProvider.System, Token);
        var waiting = queue.TryEnqueueAsync(Line(900 * 1024, 2), Long, TimeProvider.System, Token);

        queue.Abandon();

        Assert.False(await waiting);
        Assert.Equal(0, queue.Bytes);
        Assert.False(queue.TryDequeue(out _));
        Assert.True(queue.IsFinished(out var error));
        Assert.Null(error);
    }

    [Fact]
    public async Task A_consumer_waiting_for_lines_wakes_on_a_line_and_reports_an_idle_period()
    {
        var queue = new WatchEventQueue(Budget);
        Assert.False(await queue.WaitForLineAsync(Short, TimeProvider.System, Token));

        var waiting = queue.WaitForLineAsync(Long, TimeProvider.System, Token);
        await queue.TryEnqueueAsync(Line(10, 1), Short, TimeProvider.System, Token);

        Assert.True(await waiting);
    }

    [Fact]
    public async Task The_producer_reads_on_only_while_the_queue_is_under_half_its_budget()
    {
        var queue = new WatchEventQueue(Budget);
        Assert.True(await queue.WaitForRoomAsync(Short, TimeProvider.System, Token));
        await queue.TryEnqueueAsync(Line(600 * 1024, 1), Short, TimeProvider.System, Token);

        Assert.False(await queue.WaitForRoomAsync(Short, TimeProvider.System, Token));
        var waiting = queue.WaitForRoomAsync(Long, TimeProvider.System, Token);
        Assert.True(queue.TryDequeue(out _));
        Assert.True(await waiting);
    }

    private static WatchLine Line(int bytes, long revision) => new(new byte[bytes], revision);
}
