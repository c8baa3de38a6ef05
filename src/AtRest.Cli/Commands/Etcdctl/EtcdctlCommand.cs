using System.CommandLine;
using AtRest.Cli.Commands.Server;
using AtRest.Storage;
using AtRest.Storage.Etcd;

namespace AtRest.Cli.Commands.Etcdctl;

/// <summary>
/// <c>atrest etcdctl get</c>: the raw view of the store, printed as etcdctl 3.4 prints it, on the embedded store
/// (<c>--data-dir</c>) or on etcd (<c>--etcd-servers</c> or etcdctl's <c>--endpoints</c>, with <c>--etcd-cafile</c> or
/// etcdctl's <c>--cacert</c>, and so on: the flags of <see cref="StoreOptions"/>).
/// </summary>
internal static class EtcdctlCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var store = StoreOptions.CreateWithEtcdctlAliases();
        var writeOut = new Option<string>("--write-out", "-w")
        {
            Description = "Output format: simple or json",
            DefaultValueFactory = _ => "simple",
            Recursive = true,
        };
        writeOut.AcceptOnlyFromAmong("simple", "json");

        var keyArgument = new Argument<string>("key") { Description = "The key, or the prefix with --prefix" };
        var prefix = new Option<bool>("--prefix") { Description = "Get all keys with the given prefix" };
        var keysOnly = new Option<bool>("--keys-only") { Description = "Get only the keys" };
        var valueOnly = new Option<bool>("--print-value-only") { Description = "Only write values when using the \"simple\" output format" };
        var limit = new Option<long>("--limit") { Description = "Maximum number of results" };
        var get = new Command("get", "Gets the key or a range of keys") { keyArgument, prefix, keysOnly, valueOnly, limit };
        get.SetAction(async (result, cancellationToken) =>
        {
            var request = new EtcdctlGetRequest(result.GetValue(keyArgument)!, result.GetValue(prefix), result.GetValue(keysOnly),
                result.GetValue(valueOnly), result.GetValue(limit), result.GetValue(writeOut) == "json");
            var location = store.Location(result, embeddedMustExist: true);
            IKeyValueStore opened;
            try
            {
                opened = StoreOpener.Open(location);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"Error: {e.Message}");
                return 1;
            }

            await using (opened)
            {
                Func<long, CancellationToken, Task<EtcdResponseHeader>> header = opened is EtcdKeyValueStore etcd
                    ? (revision, token) => EtcdctlHeaders.FromEtcdAsync(etcd, revision, token)
                    : (revision, _) => Task.FromResult(EtcdctlHeaders.ForEmbedded(location.SqliteFile, revision));
                using var stdout = Console.OpenStandardOutput();
                await EtcdctlGet.RunAsync(opened, request, header, stdout, cancellationToken);
            }

            return 0;
        });

        var command = new Command("etcdctl", "Read the raw stored bytes, as etcdctl shows them") { writeOut, get };
        store.AddTo(command);
        return command;
    }
}
