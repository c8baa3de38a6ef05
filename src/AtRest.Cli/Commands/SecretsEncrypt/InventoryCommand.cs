using System.CommandLine;
using AtRest.ApiServer.Lifecycle;
using AtRest.Cli.Commands.Server;
using AtRest.Encryption.Configuration;
using AtRest.Storage;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// <c>atrest secrets-encrypt inventory</c>: which provider and key holds every stored object, what is in plain text or
/// stale or unreadable, and what old revisions still expose — from the running server, or offline from a store.
/// Exits 2 when something that should be encrypted is not, or cannot be read.
/// </summary>
internal static class InventoryCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var flags = new LifecycleFlags("table", "json");
        var noHistory = new Option<bool>("--no-history") { Description = "Skip old revisions that compaction has not removed yet" };
        var command = new Command("inventory", "Report which provider and key holds each stored object") { noHistory };
        flags.AddTo(command);
        command.SetAction((result, cancellationToken) => LifecycleConsole.RunAsync(async () =>
        {
            var target = flags.Resolve(result);
            var history = !result.GetValue(noHistory);
            var report = target.Offline
                ? await ScanOfflineAsync(target, history, cancellationToken)
                : await ScanOnlineAsync(target, history, cancellationToken);
            if (result.GetValue(flags.Output) == "json")
            {
                LifecycleConsole.WriteJson(report);
            }
            else
            {
                InventoryTable.Write(LifecycleConsole.Create(), report);
            }

            return report.NeedsAttention ? LifecycleConsole.NeedsAttention : 0;
        }));
        return command;
    }

    /// <summary>Scans a store directly with a configuration file.</summary>
    public static async Task<InventoryReport> ScanOfflineAsync(LifecycleTarget target, bool history, CancellationToken cancellationToken)
    {
        await using var configuration = EncryptionConfigurationLoader.LoadFile(target.ConfigPath!);
        await using var store = StoreOpener.Open(target.Store!, TextWriter.Null);
        return await new InventoryScanner(store, new StorageKeys(target.Store!.EtcdPrefix)).ScanAsync(configuration, history, cancellationToken: cancellationToken);
    }

    private static async Task<InventoryReport> ScanOnlineAsync(LifecycleTarget target, bool history, CancellationToken cancellationToken)
    {
        using var client = LifecycleClient.Create(target.Kubeconfig);
        return await client.GetAsync<InventoryReport>(LifecycleKeys.InventoryPath + (history ? string.Empty : "?history=false"), cancellationToken);
    }
}
