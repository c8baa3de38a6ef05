using System.Globalization;
using AtRest.ApiServer.Lifecycle;
using Spectre.Console;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>Follows a run until it completes or fails: a Spectre.Console progress bar on a terminal, plain lines otherwise.</summary>
internal static class ReencryptProgress
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);

    /// <summary>Polls <paramref name="read"/> until the run is finished; <paramref name="quiet"/> shows nothing.</summary>
    /// <exception cref="LifecycleException">Another run replaced the one followed.</exception>
    public static async Task<ReencryptionRun> FollowAsync(
        Func<CancellationToken, Task<ReencryptionRun>> read, string runId, bool quiet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (quiet)
        {
            return await PollAsync(read, runId, _ => { }, cancellationToken);
        }

        if (Console.IsOutputRedirected)
        {
            var last = DateTimeOffset.MinValue;
            return await PollAsync(read, runId, run =>
            {
                var now = DateTimeOffset.UtcNow;
                if (now - last >= LineInterval || run.Finished)
                {
                    last = now;
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"re-encrypting: {run.Done}/{run.Total} objects ({run.Rewritten} rewritten, {run.Skipped} skipped, {run.Conflicts} conflicts, {run.Failed} unreadable)"));
                }
            }, cancellationToken);
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
                }, cancellationToken);
            });
        return final!;
    }

    private static async Task<ReencryptionRun> PollAsync(
        Func<CancellationToken, Task<ReencryptionRun>> read, string runId, Action<ReencryptionRun> show, CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = await read(cancellationToken);
            if (run.Id != runId && run.State != ReencryptionState.None)
            {
                throw new LifecycleException($"the re-encryption run {runId} was replaced by run {run.Id} ({run.State})");
            }

            show(run);
            if (run.Finished)
            {
                return run;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
