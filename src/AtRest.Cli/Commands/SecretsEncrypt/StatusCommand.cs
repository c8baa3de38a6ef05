using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AtRest.ApiServer.Lifecycle;
using AtRest.Cli.Commands.Server;
using AtRest.Encryption.Configuration;
using AtRest.Kubernetes;
using AtRest.Storage;
using Spectre.Console;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// <c>atrest secrets-encrypt status</c>: k3s's output (encryption status, rotation stage, whether the servers' hashes
/// match, the active and read keys) plus every server's record and the inventory's totals.
/// </summary>
internal static class StatusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var flags = new LifecycleFlags("table", "json", "yaml");
        var command = new Command("status", "Show whether encryption is on, the keys per resource, the servers' configurations and the inventory totals");
        flags.AddTo(command);
        command.SetAction((result, cancellationToken) => LifecycleConsole.RunAsync(async () =>
        {
            var target = flags.Resolve(result);
            EncryptionStatus status;
            if (target.Offline)
            {
                await using var configuration = EncryptionConfigurationLoader.LoadFile(target.ConfigPath!);
                await using var store = StoreOpener.Open(target.Store!, TextWriter.Null);
                status = await new EncryptionStatusReader(store, new StorageKeys(target.Store!.EtcdPrefix), TimeProvider.System)
                    .ReadAsync(configuration, cancellationToken);
            }
            else
            {
                using var client = LifecycleClient.Create(target.Kubeconfig);
                status = await client.GetAsync<EncryptionStatus>(LifecycleKeys.StatusPath, cancellationToken);
            }

            switch (result.GetValue(flags.Output))
            {
                case "json":
                    LifecycleConsole.WriteJson(status);
                    break;
                case "yaml":
                    using (var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(status, LifecycleJson.Options)))
                    {
                        Console.Out.Write(KubernetesObjectCodec.JsonToYamlText(document.RootElement));
                    }

                    break;
                default:
                    Write(LifecycleConsole.Create(), status);
                    break;
            }

            return 0;
        }));
        return command;
    }

    // k3s's names for the ciphers (its table says AES-CBC and XSalsa20-POLY1305); the others by analogy.
    private static string KeyType(string type) => type switch
    {
        "aescbc" => "AES-CBC",
        "aesgcm" => "AES-GCM",
        "secretbox" => "XSalsa20-POLY1305",
        _ => type,
    };

    private static void Write(IAnsiConsole console, EncryptionStatus status)
    {
        var mismatched = status.Servers.Where(s => s.Live && !s.SameConfig).Select(s => s.Record.Id).ToList();
        console.WriteLine($"Encryption Status: {(status.Enabled ? "Enabled" : "Disabled")}");
        console.WriteLine($"Current Rotation Stage: {status.Stage}");
        console.WriteLine(mismatched.Count == 0
            ? "Server Encryption Hashes: All hashes match"
            : $"Server Encryption Hashes: hash does not match between this configuration and {string.Join(", ", mismatched)}");
        console.WriteLine($"Configuration Hash: {status.ConfigHash}");
        console.WriteLine();

        var keys = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "Resource", "Active", "Key Type", "Name" })
        {
            keys.AddColumn(new TableColumn(column).NoWrap());
        }

        foreach (var resource in status.Resources)
        {
            foreach (var key in resource.Keys)
            {
                keys.AddRow(new Text(resource.Resource), new Text(key.Active ? " *" : string.Empty), new Text(KeyType(key.Type)), new Text(key.Name));
            }
        }

        console.Write(keys);
        var servers = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "Server", "Host", "Config Hash", "Stage", "Last Heartbeat", "State" })
        {
            servers.AddColumn(new TableColumn(column).NoWrap());
        }

        foreach (var server in status.Servers)
        {
            var state = !server.Live ? "expired" : server.SameConfig ? "same config" : "DIFFERENT CONFIG";
            servers.AddRow(new Text(server.Record.Id), new Text(server.Record.HostName), new Text(server.Record.ConfigHash), new Text(server.Record.Stage),
                new Text(server.Record.Heartbeat.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)), new Text(state));
        }

        console.Write(servers);
        if (status.Inventory is { } inventory)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Inventory: {inventory.Objects} objects at revision {inventory.Revision}; {inventory.PlainText} in plain text that should be encrypted, {inventory.Stale} stale, {inventory.Unreadable} unreadable"));
        }

        if (status.Reencryption is { } run)
        {
            console.WriteLine(ReencryptCommand.Describe(run));
        }
    }
}
