using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using k8s.Autorest;

namespace AtRest.Cli.Commands.Run;

/// <summary>
/// One <c>atrest run</c>: read every referenced object, build the environment and write the volumes with kubelet's
/// rules (any unsatisfied reference stops here, before CMD starts), start CMD, then follow the objects: volumes
/// are swapped atomically, the environment of a running CMD never changes (as in a Pod) unless
/// <c>--restart-on-change</c> restarts it. SIGINT, SIGTERM, SIGHUP and SIGQUIT go to CMD; CMD's exit code is ours.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class RunSession
{
    /// <summary>The exit code when atrest itself fails before CMD runs (as <c>env</c> and <c>docker run</c> use 125).</summary>
    public const int SetupFailed = 125;

    private readonly RunSettings _settings;
    private readonly KubeApiClient _client;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<SourceReference, SourceObject?> _objects = [];
    private readonly List<ProjectedVolume> _volumes = [];
    private readonly CancellationTokenSource _setupCancelled = new();
    private Dictionary<string, string> _environment = [];
    private volatile ChildProcess? _child;
    private int? _startFailure;
    private volatile bool _terminating;
    private int? _pendingSignal;

    private RunSession(RunSettings settings, KubeApiClient client, TimeProvider time)
    {
        _settings = settings;
        _client = client;
        _time = time;
    }

    /// <summary>Runs CMD to the end and returns its exit code (125 when the references cannot be satisfied).</summary>
    public static async Task<int> RunAsync(RunSettings settings, KubeApiClient client, TimeProvider time)
    {
        var session = new RunSession(settings, client, time);
        return await session.RunAsync().ConfigureAwait(false);
    }

    private static void Log(string message) => Console.Error.WriteLine($"atrest run: {message}");

    private async Task<int> RunAsync()
    {
        // Signals are ours from the start: one that comes before CMD runs stops the setup and CMD never starts.
        using var signals = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
            .Select(s => PosixSignalRegistration.Create(s, Forward))
            .ToArray()
            .AsDisposable();
        var listings = new Dictionary<SourceReference, SourceListing>();
        try
        {
            foreach (var source in _settings.Sources)
            {
                var listing = await ListAsync(source, _setupCancelled.Token).ConfigureAwait(false);
                listings[source] = listing;
                _objects[source] = listing.Object;
            }

            _environment = EnvironmentBuilder.Build(_settings.EnvFrom, _settings.Env, _objects, _settings.StrictEnvNames, Warn);
            foreach (var projection in _settings.Volumes)
            {
                var volume = new ProjectedVolume(projection, _settings.RemoveOnDelete, Log, _time);
                _volumes.Add(volume);
                volume.Prepare();
                volume.WriteInitial(_objects[projection.Source]);
            }

            _setupCancelled.Token.ThrowIfCancellationRequested();
            _child = ChildProcess.Start(_settings.Command, _environment);
        }
        catch (Exception e) when (e is DeliveryException or ChildStartException or IOException or UnauthorizedAccessException)
        {
            Log($"error: {e.Message}; {_settings.Command[0]} was not started");
            RemoveVolumes();
            return e is ChildStartException start ? start.ExitCode : SetupFailed;
        }
        catch (OperationCanceledException) when (_setupCancelled.IsCancellationRequested)
        {
            Log($"stopped by a signal before {_settings.Command[0]} was started");
            RemoveVolumes();
            return 128 + (_pendingSignal ?? Native.SigTerm);
        }

        // A signal that came while CMD was being started is passed on now.
        if (_pendingSignal is { } pending)
        {
            _child.Signal(pending);
        }

        using var stop = new CancellationTokenSource();
        var watchers = _settings.Sources
            .Select(s => new SourceWatcher(_client, s, OnChangedAsync, Log, _time).RunAsync(listings[s], stop.Token))
            .ToList();
        var exitCode = await WaitForCommandAsync().ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(watchers).ConfigureAwait(false);
        _child?.Dispose();
        if (!_settings.Keep)
        {
            RemoveVolumes();
        }

        return exitCode;
    }

    private async Task<SourceListing> ListAsync(SourceReference source, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.ListAsync(source, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw new DeliveryException($"cannot read {source} from {_client.BaseUri}: {(int)e.Response.StatusCode} {StatusMessage(e.Response.Content) ?? e.Response.ReasonPhrase}", e);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            throw new DeliveryException($"cannot read {source} from {_client.BaseUri} (kubeconfig {_client.Source}): {e.Message}", e);
        }
    }

    // CMD's exit ends the run, except an exit we caused to restart it.
    private async Task<int> WaitForCommandAsync()
    {
        while (true)
        {
            var child = _child!;
            var code = await child.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_startFailure is { } failure)
                {
                    return failure;
                }

                if (ReferenceEquals(child, _child))
                {
                    return code;
                }

                child.Dispose();
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private void Forward(PosixSignalContext context)
    {
        // Keep running until CMD exits, so that its exit code becomes ours.
        context.Cancel = true;
        if (context.Signal is PosixSignal.SIGINT or PosixSignal.SIGTERM or PosixSignal.SIGQUIT)
        {
            _terminating = true;
        }

        var signal = context.Signal switch
        {
            PosixSignal.SIGINT => Native.SigInt,
            PosixSignal.SIGHUP => Native.SigHup,
            PosixSignal.SIGQUIT => Native.SigQuit,
            _ => Native.SigTerm,
        };
        if (_child is { } child)
        {
            child.Signal(signal);
            return;
        }

        // Before CMD runs only a stop request matters: it ends the setup, or reaches CMD if it just started.
        if (_terminating)
        {
            _pendingSignal = signal;
            _setupCancelled.Cancel();
            _child?.Signal(signal);
        }
    }

    private async Task OnChangedAsync(SourceReference source, SourceObject? updated)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _objects[source] = updated;
            foreach (var volume in _volumes.Where(v => v.Projection.Source == source))
            {
                volume.Update(updated);
            }

            if (_settings.FeedsEnvironment(source))
            {
                await EnvironmentChangedAsync(source).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task EnvironmentChangedAsync(SourceReference source)
    {
        Dictionary<string, string> environment;
        try
        {
            environment = EnvironmentBuilder.Build(_settings.EnvFrom, _settings.Env, _objects, _settings.StrictEnvNames, Warn);
        }
        catch (DeliveryException e)
        {
            Log($"error: {e.Message}; CMD keeps the environment it started with");
            return;
        }

        if (environment.Count == _environment.Count && environment.All(p => _environment.TryGetValue(p.Key, out var v) && v == p.Value))
        {
            return;
        }

        if (!_settings.RestartOnChange)
        {
            Log($"{source} changed; CMD keeps the environment it started with, as a container does (--restart-on-change restarts it)");
            return;
        }

        if (_terminating || _child is null || _child.HasExited)
        {
            return;
        }

        Log($"{source} changed; restarting CMD (SIGTERM, {_settings.GracePeriod.TotalSeconds:0} s grace period, then SIGKILL)");
        var code = await _child.StopAsync(_settings.GracePeriod, _time).ConfigureAwait(false);
        Log($"CMD exited with {code}");
        if (_terminating)
        {
            return;
        }

        _environment = environment;
        try
        {
            _child = ChildProcess.Start(_settings.Command, _environment);
        }
        catch (ChildStartException e)
        {
            Log($"error: {e.Message}");
            _startFailure = e.ExitCode;
        }
    }

    private void RemoveVolumes()
    {
        foreach (var volume in _volumes)
        {
            volume.Remove();
        }
    }

    // The message of the Status object the API server sends with an error, if the body is one.
    private static string? StatusMessage(string? body)
    {
        try
        {
            using var status = System.Text.Json.JsonDocument.Parse(body ?? string.Empty);
            return status.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && status.RootElement.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static void Warn(string message) => Log($"warning: {message}");
}
