using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AtRest.ApiServer.Lifecycle;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// <c>atrest secrets-encrypt reencrypt [--resource R]... [--objects-per-second N] [--no-wait]</c>: rewrites every stored
/// object with the write key. Online it starts the run inside the server (or joins the one running) and follows it;
/// offline it runs the same engine on the store. Exits 1 when the run failed, 2 when objects could not be read.
/// During a step-by-step rotation (stage <c>rotate</c> or later) it is k3s's <c>reencrypt</c> step instead: the run, the
/// inventory proof and the removal of the old key, through <see cref="RotateKeysRunner.ReencryptAsync"/>.
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
        var timeout = new Option<string>("--timeout") { Description = "In a rotation: how long to wait for every server to load the edited file (default 5m)" };
        var force = new Option<bool>("--force") { Description = "In a rotation: remove the old key even when stored objects still use it (prints how many become unreadable)" };
        var command = new Command("reencrypt", "Rewrite every stored object with the current write key, resumably and without losing concurrent writes")
        {
            resources, rate, noWait, timeout, force,
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

                if (result.GetValue(timeout) is not null || result.GetValue(force))
                {
                    throw new ArgumentException("--timeout and --force belong to a rotation, which runs through a server: offline there is no rotation stage");
                }

                run = await ReencryptOffline.RunAsync(target, request, json, cancellationToken);
            }
            else
            {
                using var client = LifecycleClient.Create(target.Kubeconfig);
                var stage = (await new RotateServer(client).RotationAsync(cancellationToken)).Record.Stage;
                if (stage is not (RotationStage.Start or RotationStage.ReencryptFinished))
                {
                    StageRules.Require("reencrypt", stage);
                    if (request.Resources is { Count: > 0 } || request.ObjectsPerSecond != 0 || result.GetValue(noWait))
                    {
                        throw new ArgumentException($"the rotation (stage {stage}) re-encrypts its own resources unthrottled and waits for the end: "
                            + "drop --resource, --objects-per-second and --no-wait");
                    }

                    var settings = new RotateSettings(flags.ConfigFile(result), RotateSettings.ParseTimeout(result.GetValue(timeout)), result.GetValue(force), SkipPurge: true);
                    await RotateCommands.Runner(client, settings).ReencryptAsync(cancellationToken);
                    return 0;
                }

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
