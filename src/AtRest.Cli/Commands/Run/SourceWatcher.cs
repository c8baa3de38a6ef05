namespace AtRest.Cli.Commands.Run;

/// <summary>
/// Keeps one object's state current, as kubelet's watch-based secret manager does but without its sync delay:
/// watch from the last resourceVersion; when the stream ends, watch again from where it stopped; when the server
/// is unreachable, retry with exponential backoff (1 s to 30 s) and resume from the same resourceVersion; on
/// 410 Gone, list again. Every change of the object (or its deletion) is handed to the callback, one at a time.
/// </summary>
internal sealed class SourceWatcher
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly KubeApiClient _client;
    private readonly SourceReference _reference;
    private readonly Func<SourceReference, SourceObject?, Task> _changed;
    private readonly Action<string> _log;
    private readonly TimeProvider _time;

    /// <summary>Creates the watcher.</summary>
    public SourceWatcher(KubeApiClient client, SourceReference reference, Func<SourceReference, SourceObject?, Task> changed, Action<string> log, TimeProvider time)
    {
        _client = client;
        _reference = reference;
        _changed = changed;
        _log = log;
        _time = time;
    }

    /// <summary>
    /// Runs until cancelled. <paramref name="initial"/> is the listing already delivered (the watch continues from
    /// it), or null to list first.
    /// </summary>
    public async Task RunAsync(SourceListing? initial, CancellationToken cancellationToken)
    {
        var resourceVersion = initial?.ResourceVersion;
        var current = initial?.Object?.ResourceVersion;
        var delivered = initial is not null;
        var backoff = FirstBackoff;
        var failing = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var listing = await _client.ListAsync(_reference, cancellationToken).ConfigureAwait(false);
                    if (!delivered || listing.Object?.ResourceVersion != current)
                    {
                        delivered = true;
                        current = listing.Object?.ResourceVersion;
                        await _changed(_reference, listing.Object).ConfigureAwait(false);
                    }

                    resourceVersion = listing.ResourceVersion;
                }

                if (failing)
                {
                    _log($"{_reference}: connected to {_client.BaseUri} again; resuming the watch from resourceVersion {resourceVersion}");
                    failing = false;
                }

                await foreach (var change in _client.WatchAsync(_reference, resourceVersion, cancellationToken).ConfigureAwait(false))
                {
                    backoff = FirstBackoff;
                    resourceVersion = change.ResourceVersion;
                    if (change.Deleted && current is not null)
                    {
                        current = null;
                        await _changed(_reference, null).ConfigureAwait(false);
                    }
                    else if (change.Object is { } updated && updated.ResourceVersion != current)
                    {
                        current = updated.ResourceVersion;
                        await _changed(_reference, updated).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ResourceVersionExpiredException e)
            {
                _log($"{_reference}: {e.Message}; listing again");
                resourceVersion = null;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or k8s.Autorest.HttpOperationException or OperationCanceledException)
            {
                failing = true;
                if (_client.ReloadIfChanged())
                {
                    _log($"kubeconfig {_client.Source} changed; now using {_client.BaseUri}");
                }

                _log($"{_reference}: watch interrupted ({e.Message}); retrying in {backoff.TotalSeconds:0} s from resourceVersion {resourceVersion ?? "(list)"}");
                try
                {
                    await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
