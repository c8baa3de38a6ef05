using System.Runtime.Versioning;
using AtRest.Cli.Commands.Run;

namespace AtRest.Cli.Commands.Agent;

/// <summary>
/// <c>atrest agent</c>'s loop: one watcher per object, each change written to the volumes that project it, until
/// cancelled. The files stay when the agent stops, so the processes reading them keep working across its restarts.
/// A missing object is not fatal here: the agent logs it and writes the volume when the object appears.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class AgentRunner
{
    private readonly AgentSettings _settings;
    private readonly KubeApiClient _client;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<ProjectedVolume> _volumes = [];

    /// <summary>Creates the runner.</summary>
    public AgentRunner(AgentSettings settings, KubeApiClient client, TimeProvider time)
    {
        _settings = settings;
        _client = client;
        _time = time;
    }

    /// <summary>Prepares the directories and follows the objects until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var projection in _settings.Volumes)
        {
            var volume = new ProjectedVolume(projection, _settings.RemoveOnDelete, Log, _time);
            volume.Prepare();
            _volumes.Add(volume);
        }

        var sources = _settings.Volumes.Select(v => v.Source).Distinct().ToList();
        Log($"watching {string.Join(", ", sources)} at {_client.BaseUri}");
        var watchers = sources.Select(s => new SourceWatcher(_client, s, OnChangedAsync, Log, _time).RunAsync(null, cancellationToken));
        await Task.WhenAll(watchers).ConfigureAwait(false);
        Log("stopped; the files stay in place");
    }

    private static void Log(string message) => Console.Error.WriteLine($"atrest agent: {message}");

    private async Task OnChangedAsync(SourceReference source, SourceObject? updated)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var volume in _volumes.Where(v => v.Projection.Source == source))
            {
                volume.Update(updated);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
