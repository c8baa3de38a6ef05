using System.CommandLine;
using System.Runtime.InteropServices;
using AtRest.Cli.Commands.Run;

namespace AtRest.Cli.Commands.Agent;

/// <summary>
/// <c>atrest agent -f projections.yaml</c>: keep secret and configMap volumes up to date for processes atrest does
/// not start (a daemon under systemd, for example), reconnecting with backoff when the server is away.
/// </summary>
internal static class AgentCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var kubeconfig = RunCommand.KubeconfigOption();
        var @namespace = RunCommand.NamespaceOption();
        var file = new Option<string>("--filename", "-f")
        {
            Description = "The projections file (volumes: directory plus a Pod's secret or configMap volume source)",
            Required = true,
        };
        var command = new Command("agent", "Keep Secrets and ConfigMaps projected as files in directories, following every change")
        {
            kubeconfig, @namespace, file,
        };
        command.SetAction(result =>
        {
            if (OperatingSystem.IsWindows())
            {
                Console.Error.WriteLine("atrest agent: error: needs a Unix system (symlinks, file modes, signals)");
                return 1;
            }

            KubeApiClient? client = null;
            AgentSettings settings;
            try
            {
                // The file may name the kubeconfig, and volumes without a namespace take the kubeconfig context's: read
                // the file (which also checks it whole), connect, then take the context's namespace if it has one.
                var path = result.GetValue(file)!;
                var namespaceFlag = result.GetValue(@namespace);
                settings = ProjectionFileReader.Read(path, namespaceFlag ?? "default");
                client = KubeApiClient.Create(result.GetValue(kubeconfig) ?? settings.Kubeconfig);
                if (namespaceFlag is null && client.Namespace is { } contextNamespace)
                {
                    settings = ProjectionFileReader.Read(path, contextNamespace);
                }
            }
            catch (DeliveryException e)
            {
                client?.Dispose();
                Console.Error.WriteLine($"atrest agent: error: {e.Message}");
                return 1;
            }

            using (client)
            using (var stop = new CancellationTokenSource())
            {
                void Stop(PosixSignalContext context)
                {
                    context.Cancel = true;
                    stop.Cancel();
                }

                using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
                using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
                new AgentRunner(settings, client, TimeProvider.System).RunAsync(stop.Token).GetAwaiter().GetResult();
                return 0;
            }
        });
        return command;
    }
}
