using System.CommandLine;
using System.Text;
using AtRest.ApiServer.Security;
using AtRest.Cli.Commands.Server;
using AtRest.Encryption.Configuration;
using AtRest.Storage;

namespace AtRest.Cli.Commands.Export;

/// <summary>
/// <c>atrest export --decrypt --encryption-provider-config F [--data-dir D | --etcd-servers …] [-o yaml|json]
/// [--resource secrets,configmaps] [-n NS] [-f OUT]</c>: every object of a store, offline, as a v1 List that
/// <c>kubectl apply -f</c> and <c>atrest import</c> take. The dump holds the decrypted values, so it goes to standard
/// output or to a file created 0600; standard error only names keys and reasons.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var decrypt = new Option<bool>("--decrypt")
        {
            Description = "Confirm that the dump holds the values decrypted (required: the output is plain text)",
        };
        var config = new Option<string>("--encryption-provider-config")
        {
            Description = "The EncryptionConfiguration that reads the stored values",
            Required = true,
        };
        var output = new Option<string>("--output", "-o") { Description = "Output format", DefaultValueFactory = _ => "yaml" };
        output.AcceptOnlyFromAmong("yaml", "json");
        var resources = new Option<string>("--resource")
        {
            Description = "Only these resources, comma separated (e.g. secrets,configmaps); default: every resource",
        };
        var @namespace = new Option<string>("--namespace", "-n") { Description = "Only objects in this namespace" };
        var file = new Option<string>("--filename", "-f") { Description = "Write the dump to this file (created 0600) instead of standard output" };
        var store = StoreOptions.Create();
        var command = new Command("export", "Dump every object of a store, decrypted, as a v1 List for kubectl apply or atrest import (no server needed)")
        {
            decrypt, config, output, resources, @namespace, file,
        };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!result.GetValue(decrypt))
            {
                await Console.Error.WriteLineAsync("error: export writes the stored values in plain text; pass --decrypt to confirm");
                return 1;
            }

            var selected = (result.GetValue(resources) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .ToHashSet(StringComparer.Ordinal);
            if (selected.FirstOrDefault(r => !StoreExporter.Exportable.Contains(r, StringComparer.Ordinal)) is { } unknown)
            {
                await Console.Error.WriteLineAsync($"error: --resource \"{unknown}\": AtRest exports {string.Join(", ", StoreExporter.Exportable)}");
                return 1;
            }

            try
            {
                var keys = store.Keys(result);
                var location = store.Location(result, embeddedMustExist: true);
                await using var transformers = EncryptionConfigurationLoader.LoadFile(Path.GetFullPath(result.GetValue(config)!));
                await using var opened = StoreOpener.Open(location);
                var exporter = new StoreExporter(opened, keys, transformers) { Resources = selected, Namespace = result.GetValue(@namespace) };
                var (objects, failures) = await exporter.ReadAllAsync(cancellationToken);
                var text = result.GetValue(output) == "json" ? ListDocument.Json(objects) : ListDocument.Yaml(objects);
                if (result.GetValue(file) is { } path)
                {
                    SecureFile.WriteAllText(Path.GetFullPath(path), text);
                }
                else
                {
                    await using var stdout = Console.OpenStandardOutput();
                    await stdout.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
                }

                foreach (var failure in failures)
                {
                    await Console.Error.WriteLineAsync($"error: {failure.Key}: {failure.Reason}");
                }

                await Console.Error.WriteLineAsync(
                    $"exported {objects.Count} object(s) from {StoreOpener.Describe(location)}{(failures.Count > 0 ? $"; {failures.Count} could not be read" : "")}"
                    + (exporter.Skipped > 0 ? $"; {exporter.Skipped} key(s) of other resources skipped" : ""));
                return failures.Count > 0 ? 1 : 0;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException
                                          or InvalidOperationException or EncryptionConfigurationException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
