using System.Globalization;
using AtRest.ApiServer.Lifecycle;
using Spectre.Console;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// The one follower of a re-encryption run, for <c>reencrypt</c> (online and offline) and for <c>rotate-keys</c>: polls the
/// run until it completes or fails, showing each reading. <see cref="FollowAsync"/> shows a Spectre.Console progress bar on a
/// terminal and plain lines otherwise; <see cref="PollAsync"/> takes any way of showing.
/// </summary>
internal static class ReencryptProgress
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);

    /// <summary>Polls <paramref name="read"/> until the run is finished; <paramref name="quiet"/> shows nothing.</summary>
    /// <exception cref="LifecycleException">Another run replaced the one followed, or the run is gone.</exception>
    public static async Task<ReencryptionRun> FollowAsync(
        Func<CancellationToken, Task<ReencryptionRun>> read, string runId, bool quiet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var time = TimeProvider.System;
        if (quiet)
        {
            return await PollAsync(read, runId, _ => { }, PollInterval, time, cancellationToken);
        }

        if (Console.IsOutputRedirected)
        {
            var last = DateTimeOffset.MinValue;
            return await PollAsync(read, runId, run =>
            {
                var now = time.GetUtcNow();
                if (now - last >= LineInterval || run.Finished)
                {
                    last = now;
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"re-encrypting: {run.Done}/{run.Total} objects ({run.Rewritten} rewritten, {run.Skipped} skipped, {run.Conflicts} conflicts, {run.Failed} unreadable)"));
                }
            }, PollInterval, time, cancellationToken);
        }

        ReencryptionRun? final = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("re-encrypting", maxValue: 1);
                final = await PollAsync(read, runId, run =>
                {
                    task.MaxValue = Math.Max(1, Math.Max(run.Total, run.Done));
                    task.Value = run.Done;
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"re-encrypting {run.Done}/{run.Total}");
                }, PollInterval, time, cancellationToken);
            });
        return final!;
    }

    /// <summary>
    /// Reads the run every <paramref name="interval"/> and hands each reading to <paramref name="show"/> until the run is
    /// completed or failed, which it returns (a failed run is the caller's to judge).
    /// </summary>
    /// <exception cref="LifecycleException">Another run replaced <paramref name="runId"/>, or there is no run any more.</exception>
    public static async Task<ReencryptionRun> PollAsync(
        Func<CancellationToken, Task<ReencryptionRun>> read, string runId, Action<ReencryptionRun> show, TimeSpan interval, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(show);
        ArgumentNullException.ThrowIfNull(time);
        while (true)
        {
            var run = await read(cancellationToken);
            if (run.State == ReencryptionState.None)
            {
                // Polling on would wait forever for a run that no longer exists.
                throw new LifecycleException($"the server reports no re-encryption run (state {run.State}) after run {runId} was started: "
                    + "run `atrest secrets-encrypt reencrypt` again");
            }

            if (run.Id != runId)
            {
                throw new LifecycleException($"the re-encryption run {runId} was replaced by run {run.Id} ({run.State})");
            }

            show(run);
            if (run.Finished)
            {
                return run;
            }

            await Task.Delay(interval, time, cancellationToken);
        }
    }
}
