using System.CommandLine;
using System.Globalization;

namespace AtRest.Cli.Commands.Run;

/// <summary>
/// <c>atrest run</c>: start a program with Secrets and ConfigMaps delivered as kubelet delivers them to a
/// container: environment variables (<c>env</c>/<c>envFrom</c>) and files (secret and configMap volumes).
/// </summary>
internal static class RunCommand
{
    /// <summary>The <c>--kubeconfig</c> option, shared with <c>atrest agent</c>.</summary>
    public static Option<string> KubeconfigOption() => new("--kubeconfig")
    {
        Description = "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)",
    };

    /// <summary>The <c>--namespace</c> option, shared with <c>atrest agent</c>.</summary>
    public static Option<string> NamespaceOption() => new("--namespace", "-n")
    {
        Description = "Namespace of the objects (default: the kubeconfig context's, else default)",
    };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var kubeconfig = KubeconfigOption();
        var @namespace = NamespaceOption();
        var env = new Option<string[]>("--env", "-e")
        {
            Description = "NAME=SECRET/KEY or NAME=configmap/NAME/KEY, with :optional (env[].valueFrom)",
            AllowMultipleArgumentsPerToken = false,
        };
        var envFrom = new Option<string[]>("--env-from")
        {
            Description = "SECRET or configmap/NAME, with :prefix=P and :optional: every key as a variable (envFrom)",
            AllowMultipleArgumentsPerToken = false,
        };
        var volume = new Option<string[]>("--volume", "-v")
        {
            Description = "SECRET:DIR or configmap/NAME:DIR, with :mode=0400, :items=KEY[=PATH][@MODE],... and :optional: the keys as files",
            AllowMultipleArgumentsPerToken = false,
        };
        var restartOnChange = new Option<bool>("--restart-on-change")
        {
            Description = "Restart CMD (SIGTERM, grace period, SIGKILL) when a variable's value changes",
        };
        var grace = new Option<int>("--grace-period")
        {
            Description = "Seconds CMD has to exit after SIGTERM on a restart (default 30, as a Pod's terminationGracePeriodSeconds)",
            DefaultValueFactory = _ => 30,
        };
        var removeOnDelete = new Option<bool>("--remove-on-delete") { Description = "Remove a volume's files when its object is deleted (default: keep the last ones)" };
        var keep = new Option<bool>("--keep") { Description = "Leave the volume files in place when CMD exits" };
        var strict = new Option<bool>("--strict-env-names")
        {
            Description = "Skip envFrom keys that are not C-like names, as kubelets before 1.32 did (default: any printable ASCII without '=')",
        };
        var commandLine = new Argument<string[]>("command")
        {
            Description = "CMD and its arguments, after --",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("run", "Run a program with Secrets and ConfigMaps as environment variables and files, as kubelet gives them to a container")
        {
            kubeconfig, @namespace, env, envFrom, volume, restartOnChange, grace, removeOnDelete, keep, strict, commandLine,
        };
        command.SetAction(result =>
        {
            if (OperatingSystem.IsWindows())
            {
                Console.Error.WriteLine("atrest run: error: needs a Unix system (symlinks, file modes, signals)");
                return 125;
            }

            KubeApiClient client;
            RunSettings settings;
            try
            {
                client = KubeApiClient.Create(result.GetValue(kubeconfig));
                var ns = result.GetValue(@namespace) ?? client.Namespace ?? "default";
                if (result.GetValue(grace) < 0)
                {
                    throw new DeliveryException($"--grace-period {result.GetValue(grace).ToString(CultureInfo.InvariantCulture)}: must be 0 or more seconds");
                }

                settings = new RunSettings
                {
                    Env = (result.GetValue(env) ?? []).Select(e => ReferenceParser.Env(e, ns)).ToList(),
                    EnvFrom = (result.GetValue(envFrom) ?? []).Select(e => ReferenceParser.EnvFrom(e, ns)).ToList(),
                    Volumes = (result.GetValue(volume) ?? []).Select(v => ReferenceParser.Volume(v, ns)).ToList(),
                    Command = result.GetValue(commandLine) ?? [],
                    RestartOnChange = result.GetValue(restartOnChange),
                    GracePeriod = TimeSpan.FromSeconds(result.GetValue(grace)),
                    RemoveOnDelete = result.GetValue(removeOnDelete),
                    Keep = result.GetValue(keep),
                    StrictEnvNames = result.GetValue(strict),
                };
            }
            catch (DeliveryException e)
            {
                Console.Error.WriteLine($"atrest run: error: {e.Message}");
                return RunSession.SetupFailed;
            }

            using (client)
            {
                return RunSession.RunAsync(settings, client, TimeProvider.System).GetAwaiter().GetResult();
            }
        });
        return command;
    }
}
