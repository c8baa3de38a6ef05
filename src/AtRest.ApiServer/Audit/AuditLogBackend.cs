using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// kube-apiserver's log backend in batch mode's shape: a request hands its event line to a bounded queue and goes on;
/// one writer appends and flushes line by line, so a slow disk never holds a request. When the queue is full the event
/// is dropped and counted, with kube's <c>audit buffer queue blocked</c> in the server log (first and every 1000th).
/// The writer takes every line already queued before it flushes, so under load many lines share one write to the file
/// and an idle log holds nothing unflushed.
/// Disposing writes what is queued, then closes the target.
/// </summary>
internal sealed class AuditLogBackend : IAsyncDisposable
{
    /// <summary>Events that may wait for the writer (kube's default buffer size).</summary>
    public const int QueueCapacity = 10_000;

    private readonly Channel<byte[]> _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly IAuditLogTarget _target;
    private readonly ILogger _logger;
    private readonly Task _writer;
    private long _dropped;

    /// <summary>Starts the writer.</summary>
    public AuditLogBackend(IAuditLogTarget target, ILogger logger)
    {
        _target = target;
        _logger = logger;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues one event line.</summary>
    public void Process(byte[] line)
    {
        if (_queue.Writer.TryWrite(line))
        {
            return;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        if (dropped % 1000 == 1)
        {
            _logger.LogError("audit: event dropped: audit buffer queue blocked ({Dropped} dropped so far)", dropped);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _target.Dispose();
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var line))
            {
                try
                {
                    _target.Write(line);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    NotWritten(e);
                }
            }

            try
            {
                _target.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                NotWritten(e);
            }
        }
    }

    // The message names the file and the failure (or the line's length), never the event's content.
    private void NotWritten(Exception e) => _logger.LogError("audit: event not written: {Reason}", e.Message);
}
