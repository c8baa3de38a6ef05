using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AtRest.ApiServer.Lifecycle;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// <c>atrest secrets-encrypt reencrypt [--resource R]... [--objects-per-second N] [--no-wait]</c>: rewrites every stored
/// object with the write key. Online it starts the run inside the server (or joins the one running) and follows it;
/// offline it runs the same engine on the store. Exits 1 when the run failed, 2 when objects could not be read.
/// </summary>
internal static class ReencryptCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var flags = new LifecycleFlags("text", "json");
        var resources = new Option<string[]>("--resource")
        {
            Description = "A resource to re-encrypt, as the configuration names it (repeatable; default: every resource it names)",
            AllowMultipleArgumentsPerToken = false,
        };
        var rate = new Option<int>("--objects-per-second") { Description = "Throttle: objects per second (default 0: as fast as the store goes)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Online: start the run and return without following it" };
        var command = new Command("reencrypt", "Rewrite every stored object with the current write key, resumably and without losing concurrent writes")
        {
            resources, rate, noWait,
        };
        flags.AddTo(command);
        command.SetAction((result, cancellationToken) => LifecycleConsole.RunAsync(async () =>
        {
            var target = flags.Resolve(result);
            var request = new ReencryptionRequest(result.GetValue(resources) ?? [], result.GetValue(rate));
            if (request.ObjectsPerSecond < 0)
            {
                throw new ArgumentException($"--objects-per-second must be 0 (no throttle) or more, not {request.ObjectsPerSecond}");
            }

            var json = result.GetValue(flags.Output) == "json";
            ReencryptionRun run;
            if (target.Offline)
            {
                if (result.GetValue(noWait))
                {
                    throw new ArgumentException("--no-wait needs a running server: offline, the command is the run");
                }

                run = await ReencryptOffline.RunAsync(target, request, json, cancellationToken);
            }
            else
            {
                using var client = LifecycleClient.Create(target.Kubeconfig);
                var body = JsonSerializer.SerializeToUtf8Bytes(request, LifecycleJson.Options);
                run = await client.PostAsync<ReencryptionRun>(LifecycleKeys.ReencryptPath, body, cancellationToken);
                if (!result.GetValue(noWait))
                {
                    run = await ReencryptProgress.FollowAsync(
                        ct => client.GetAsync<ReencryptionRun>(LifecycleKeys.ReencryptPath, ct), run.Id, quiet: json, cancellationToken);
                }
            }

            if (json)
            {
                LifecycleConsole.WriteJson(run);
            }
            else
            {
                Console.Out.WriteLine(Describe(run));
                foreach (var failure in run.Failures)
                {
                    Console.Out.WriteLine($"  unreadable: {failure.Key}: {failure.Reason}");
                }
            }

            return run.State == ReencryptionState.Failed ? 1
                : run.Failed > 0 ? LifecycleConsole.NeedsAttention
                : 0;
        }));
        return command;
    }

    /// <summary>One line about a run, for this command and <c>status</c>.</summary>
    public static string Describe(ReencryptionRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.State == ReencryptionState.None
            ? "Re-encryption: never run"
            : string.Create(CultureInfo.InvariantCulture,
                $"Re-encryption: {run.State} (run {run.Id}, {string.Join(",", run.Resources)}): {run.Done} of {run.Total} objects, {run.Rewritten} rewritten, {run.Skipped} skipped, {run.Conflicts} conflicts, {run.Failed} unreadable{(run.Error is null ? string.Empty : "; " + run.Error)}");
    }
}
