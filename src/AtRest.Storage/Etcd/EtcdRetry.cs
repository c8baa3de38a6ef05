using System.Diagnostics;
using System.Security.Authentication;
using Grpc.Core;

namespace AtRest.Storage.Etcd;

/// <summary>
/// When to try a call again. etcd reports every transient condition (member down, no leader, leader changed,
/// request timed out inside raft) as <see cref="StatusCode.Unavailable"/>; apart from connections that broke while
/// being set up, anything else is final.
/// </summary>
internal sealed class EtcdRetry(TimeSpan budget, string endpoints, string hint = "")
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);
    private long _firstFailure;
    private int _failures;

    /// <summary>Whether any attempt failed and was retried.</summary>
    public bool Retried => _failures > 0;

    /// <summary>
    /// Unavailable, or a call that could not start because the HTTP/2 connection broke while being set up (reported as
    /// Internal; the request was never sent). A TLS verification failure is final: waiting will not fix it.
    /// </summary>
    public static bool IsTransient(RpcException e) =>
        e.StatusCode == StatusCode.Unavailable
        || (e.StatusCode == StatusCode.Internal && e.Status.DebugException is HttpRequestException connect && !Chain(connect).Any(x => x is AuthenticationException));

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    /// <summary>Waits before the next attempt, or throws when the budget is spent.</summary>
    public async Task BackOffAsync(Exception failure, CancellationToken cancellationToken)
    {
        if (_failures++ == 0)
        {
            _firstFailure = Stopwatch.GetTimestamp();
        }

        if (Stopwatch.GetElapsedTime(_firstFailure) > budget)
        {
            throw new EtcdUnavailableException(
                $"etcd at {endpoints} stayed unavailable for {budget.TotalSeconds:0} s: {Describe(failure)}{hint}", failure);
        }

        // 25 ms, 50 ms, ... capped at 1 s: a leader election takes ~1-2 s, a killed member's calls move to another at once.
        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 25 * Math.Pow(2, Math.Min(_failures - 1, 6))));
        await Task.Delay(delay, cancellationToken);
    }

    /// <summary>Resets the failure count after a success (used by long-lived watches).</summary>
    public void Reset() => _failures = 0;

    public static string Describe(Exception e) => e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
}
