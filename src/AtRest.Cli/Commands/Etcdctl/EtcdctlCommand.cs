using System.CommandLine;
using AtRest.Cli.Commands.Server;
using AtRest.Storage;
using AtRest.Storage.Etcd;

namespace AtRest.Cli.Commands.Etcdctl;

/// <summary>
/// <c>atrest etcdctl get</c>: the raw view of the store, printed as etcdctl 3.4 prints it, on the embedded store
/// (<c>--data-dir</c>) or on etcd (<c>--endpoints</c>, with etcdctl's <c>--cacert/--cert/--key</c>).
/// </summary>
internal static class EtcdctlCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "The server's data directory (default $XDG_DATA_HOME/atrest or ~/.local/share/atrest)",
            Recursive = true,
        };
        var endpoints = new Option<string>("--endpoints")
        {
            Description = "etcd endpoints, comma separated; without it the embedded store is read",
            Recursive = true,
        };
        var caCert = new Option<string>("--cacert") { Description = "CA bundle of etcd's serving certificate", Recursive = true };
        var cert = new Option<string>("--cert") { Description = "Client certificate for etcd", Recursive = true };
        var key = new Option<string>("--key") { Description = "Client key for etcd", Recursive = true };
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
            IKeyValueStore store;
            var dataDirectory = Path.GetFullPath(result.GetValue(dataDir) ?? DataDirectory.Default);
            try
            {
                store = OpenStore(result.GetValue(endpoints), result.GetValue(caCert), result.GetValue(cert), result.GetValue(key), dataDirectory);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException)
            {
                await Console.Error.WriteLineAsync($"Error: {e.Message}");
                return 1;
            }

            await using (store)
            {
                Func<long, CancellationToken, Task<EtcdResponseHeader>> header = store is EtcdKeyValueStore etcd
                    ? (revision, token) => EtcdctlHeaders.FromEtcdAsync(etcd, revision, token)
                    : (revision, _) => Task.FromResult(EtcdctlHeaders.ForEmbedded(DataDirectory.SqliteFile(dataDirectory), revision));
                using var stdout = Console.OpenStandardOutput();
                await EtcdctlGet.RunAsync(store, request, header, stdout, cancellationToken);
            }

            return 0;
        });

        return new Command("etcdctl", "Read the raw stored bytes, as etcdctl shows them")
        {
            dataDir, endpoints, caCert, cert, key, writeOut, get,
        };
    }

    private static IKeyValueStore OpenStore(string? endpoints, string? caFile, string? certFile, string? keyFile, string dataDirectory)
    {
        if (endpoints is not null)
        {
            var urls = endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(endpoint => endpoint.Contains("://", StringComparison.Ordinal) ? endpoint
                    : (caFile ?? certFile) is null ? $"http://{endpoint}" : $"https://{endpoint}")
                .ToArray();
            return new EtcdKeyValueStore(new EtcdOptions { Endpoints = urls, CaFile = caFile, CertFile = certFile, KeyFile = keyFile });
        }

        var file = DataDirectory.SqliteFile(dataDirectory);
        if (!File.Exists(file))
        {
            throw new IOException($"no embedded store at {file}: start `atrest server --data-dir {dataDirectory}` first, or pass --data-dir or --endpoints");
        }

        return EmbeddedStore.Open(file);
    }
}
