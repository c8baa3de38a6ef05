using System.CommandLine;
using AtRest.Storage;

namespace AtRest.Cli.Commands.Server;

/// <summary>
/// The flags that select a store, defined once for every command that opens one: <c>--data-dir</c> (the embedded
/// SQLite file), or <c>--etcd-servers</c> with <c>--etcd-cafile/--etcd-certfile/--etcd-keyfile</c>, and
/// <c>--etcd-prefix</c>. <c>atrest etcdctl</c> also takes etcdctl's own names (<c>--endpoints</c>, <c>--cacert</c>,
/// <c>--cert</c>, <c>--key</c>) as aliases.
/// </summary>
internal sealed class StoreOptions
{
    private StoreOptions(bool etcdctlAliases, bool recursive)
    {
        DataDir = new Option<string>("--data-dir")
        {
            Description = "The data directory whose embedded store (state.db) is used (default $XDG_DATA_HOME/atrest or ~/.local/share/atrest)",
            Recursive = recursive,
        };
        EtcdServers = new Option<string[]>("--etcd-servers", etcdctlAliases ? ["--endpoints"] : [])
        {
            Description = "etcd endpoints, comma separated (http(s)://host:port or host:port); without it the embedded store is used",
            AllowMultipleArgumentsPerToken = false,
            Recursive = recursive,
        };
        EtcdCaFile = new Option<string>("--etcd-cafile", etcdctlAliases ? ["--cacert"] : [])
        {
            Description = "CA bundle that signed etcd's serving certificate",
            Recursive = recursive,
        };
        EtcdCertFile = new Option<string>("--etcd-certfile", etcdctlAliases ? ["--cert"] : [])
        {
            Description = "Client certificate for etcd",
            Recursive = recursive,
        };
        EtcdKeyFile = new Option<string>("--etcd-keyfile", etcdctlAliases ? ["--key"] : [])
        {
            Description = "Client key for etcd",
            Recursive = recursive,
        };
        EtcdPrefix = new Option<string>("--etcd-prefix")
        {
            Description = "The prefix of every key (default /registry)",
            DefaultValueFactory = _ => StorageKeys.DefaultPrefix,
            Recursive = recursive,
        };
    }

    public Option<string> DataDir { get; }

    public Option<string[]> EtcdServers { get; }

    public Option<string> EtcdCaFile { get; }

    public Option<string> EtcdCertFile { get; }

    public Option<string> EtcdKeyFile { get; }

    public Option<string> EtcdPrefix { get; }

    /// <summary>Every flag, to add to a command.</summary>
    public IEnumerable<Option> All => [DataDir, EtcdServers, EtcdCaFile, EtcdCertFile, EtcdKeyFile, EtcdPrefix];

    /// <summary>The flags with the server's names.</summary>
    public static StoreOptions Create() => new(etcdctlAliases: false, recursive: false);

    /// <summary>The flags with etcdctl's names as aliases, on a parent command (so they may come before its verb).</summary>
    public static StoreOptions CreateWithEtcdctlAliases() => new(etcdctlAliases: true, recursive: true);

    /// <summary>Adds every flag to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The store the flags select.</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="embeddedMustExist">Refuse a data directory without a database instead of creating one.</param>
    public StoreLocation Location(ParseResult result, bool embeddedMustExist) => new()
    {
        DataDirectory = Path.GetFullPath(result.GetValue(DataDir) ?? DataDirectory.Default),
        EtcdServers = (result.GetValue(EtcdServers) ?? [])
            .SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToArray(),
        EtcdCaFile = FullPathOrNull(result.GetValue(EtcdCaFile)),
        EtcdCertFile = FullPathOrNull(result.GetValue(EtcdCertFile)),
        EtcdKeyFile = FullPathOrNull(result.GetValue(EtcdKeyFile)),
        EmbeddedMustExist = embeddedMustExist,
    };

    /// <summary>The key layout under <c>--etcd-prefix</c>.</summary>
    /// <exception cref="ArgumentException">The prefix is malformed; the message says how.</exception>
    public StorageKeys Keys(ParseResult result) => new(result.GetValue(EtcdPrefix) ?? StorageKeys.DefaultPrefix);

    private static string? FullPathOrNull(string? path) => path is null ? null : Path.GetFullPath(path);
}
