using System.CommandLine;
using System.Globalization;
using AtRest.ApiServer.Lifecycle;
using AtRest.Cli.Commands.Server;
using AtRest.Encryption.Configuration;
using AtRest.Storage;
using Spectre.Console;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// <c>atrest secrets-encrypt check-config NEW.yaml</c>: before anyone applies a configuration file, lists the stored
/// objects that are readable today and that it could not read — what a reload or start with it would refuse.
/// Exits 2 when there are any.
/// </summary>
internal static class CheckConfigCommand
{
    private const int ListedObjects = 50;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var flags = new LifecycleFlags("table", "json");
        var file = new Argument<string>("file") { Description = "The candidate EncryptionConfiguration" };
        var command = new Command("check-config", "List the stored objects a new encryption configuration could not read") { file };
        flags.AddTo(command);
        command.SetAction((result, cancellationToken) => LifecycleConsole.RunAsync(async () =>
        {
            var target = flags.Resolve(result);
            var path = Path.GetFullPath(result.GetValue(file)!);
            var report = target.Offline
                ? await CheckOfflineAsync(target, path, cancellationToken)
                : await CheckOnlineAsync(target, path, cancellationToken);
            if (result.GetValue(flags.Output) == "json")
            {
                LifecycleConsole.WriteJson(report);
            }
            else
            {
                Write(LifecycleConsole.Create(), path, report);
            }

            return report.Safe ? 0 : LifecycleConsole.NeedsAttention;
        }));
        return command;
    }

    private static async Task<LockoutReport> CheckOfflineAsync(LifecycleTarget target, string path, CancellationToken cancellationToken)
    {
        await using var candidate = EncryptionConfigurationLoader.LoadFile(path);
        await using var current = EncryptionConfigurationLoader.LoadFile(target.ConfigPath!);
        await using var store = StoreOpener.Open(target.Store!, TextWriter.Null);
        return await new LockoutCheck(store, new StorageKeys(target.Store!.EtcdPrefix)).RunAsync(current, candidate, cancellationToken);
    }

    private static async Task<LockoutReport> CheckOnlineAsync(LifecycleTarget target, string path, CancellationToken cancellationToken)
    {
        // Validated here first, so a broken file is reported against its own path rather than as a request error.
        await EncryptionConfigurationLoader.LoadFile(path).DisposeAsync();

        using var client = LifecycleClient.Create(target.Kubeconfig);
        return await client.PostAsync<LockoutReport>(LifecycleKeys.CheckConfigPath, await File.ReadAllBytesAsync(path, cancellationToken), cancellationToken);
    }

    private static void Write(IAnsiConsole console, string path, LockoutReport report)
    {
        if (report.Safe)
        {
            console.WriteLine($"{path}: every stored object that is readable today stays readable (revision {report.Revision.ToString(CultureInfo.InvariantCulture)})");
            return;
        }

        console.WriteLine($"{path}: {report.Count.ToString(CultureInfo.InvariantCulture)} stored object(s) would become unreadable:");
        var table = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("KEY").NoWrap()).AddColumn("RESOURCE").AddColumn("REASON");
        foreach (var entry in report.Objects.Take(ListedObjects))
        {
            table.AddRow(new Text(entry.Key), new Text(entry.Resource), new Text(entry.Reason));
        }

        console.Write(table);
        if (report.Count > ListedObjects)
        {
            console.WriteLine($"... and {(report.Count - ListedObjects).ToString(CultureInfo.InvariantCulture)} more (-o json lists up to {LockoutReport.MaxListed})");
        }
    }
}
