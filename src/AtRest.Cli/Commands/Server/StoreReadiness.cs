using AtRest.Storage;

namespace AtRest.Cli.Commands.Server;

/// <summary>
/// Holds start-up until the store answers: etcd may start after the API server (kube-apiserver waits for it too),
/// so an unreachable etcd is reported once per attempt and retried, never a reason to exit.
/// </summary>
internal static class StoreReadiness
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    /// <summary>Returns once <paramref name="store"/> reports its revision; writes a line per failed attempt.</summary>
    public static async Task WaitAsync(IKeyValueStore store, string description, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var waited = false;
        while (true)
        {
            try
            {
                await store.CurrentRevisionAsync(cancellationToken).ConfigureAwait(false);
                if (waited)
                {
                    output.WriteLine($"atrest: {description} is reachable");
                }

                return;
            }
            catch (StorageUnavailableException e)
            {
                output.WriteLine($"atrest: waiting for {description}: {e.Message}");
                output.Flush();
                waited = true;
            }

            await Task.Delay(Pause, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
