using System.CommandLine;
using AtRest.Cli.Commands.Server;
using AtRest.Encryption.Configuration;

namespace AtRest.Cli.Commands.Import;

/// <summary>
/// <c>atrest import -f DUMP --encryption-provider-config F [--data-dir D | --etcd-servers …] [--overwrite]</c>: loads a
/// dump (from <c>atrest export</c> or <c>kubectl get -o yaml</c>) into a store, offline, encrypting each object with the
/// configuration as the server would.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Option<string>("--filename", "-f") { Description = "The dump, YAML or JSON (\"-\" reads standard input)", Required = true };
        var config = new Option<string>("--encryption-provider-config")
        {
            Description = "The EncryptionConfiguration whose write providers encrypt the objects",
            Required = true,
        };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace objects that already exist instead of refusing the import" };
        var store = StoreOptions.Create();
        var command = new Command("import", "Load a dump of objects into a store, encrypted with a configuration (no server needed)")
        {
            file, config, overwrite,
        };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            try
            {
                byte[] dump;
                if (path == "-")
                {
                    using var stdin = Console.OpenStandardInput();
                    using var buffer = new MemoryStream();
                    await stdin.CopyToAsync(buffer, cancellationToken);
                    dump = buffer.ToArray();
                }
                else
                {
                    dump = await File.ReadAllBytesAsync(path, cancellationToken);
                }

                var objects = DumpReader.Read(dump, path == "-" ? "standard input" : path);
                var location = store.Location(result, embeddedMustExist: false);
                await using var transformers = EncryptionConfigurationLoader.LoadFile(Path.GetFullPath(result.GetValue(config)!));
                var importer = new StoreImporter(ServedKeys(store.Keys(result)), transformers, TimeProvider.System) { Overwrite = result.GetValue(overwrite) };
                var entries = importer.Prepare(objects);
                await using var opened = StoreOpener.Open(location);
                var (created, replaced) = await importer.ImportAsync(opened, entries, cancellationToken);
                await Console.Error.WriteLineAsync($"imported {created + replaced} object(s) into {StoreOpener.Describe(location)} ({created} created, {replaced} replaced)");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException
                                          or InvalidOperationException or EncryptionConfigurationException or ImportConflictException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    // The key layout knows kube's core resources; the kinds AtRest stores (RBAC's included) add their own segments.
    private static AtRest.Storage.StorageKeys ServedKeys(AtRest.Storage.StorageKeys keys) =>
        new(keys.Prefix, AtRest.ApiServer.Resources.CoreResources.All.ToDictionary(k => k.StorageSegment, k => k.Namespaced, StringComparer.Ordinal));
}
