using Microsoft.Extensions.Hosting;

namespace AtRest.ApiServer.Events;

/// <summary>Writes the events still queued when the server stops (for at most a few seconds), then ends the recorder.</summary>
internal sealed class EventRecorderService(EventRecorder recorder) : IHostedService
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await recorder.DisposeAsync().AsTask().WaitAsync(DrainLimit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The store is gone or slow; the events left are lost, as a stopping component's are.
        }
    }
}
