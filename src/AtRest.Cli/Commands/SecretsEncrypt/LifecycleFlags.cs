using System.CommandLine;
using AtRest.Cli.Commands.Server;
using AtRest.Storage;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// The flags every <c>secrets-encrypt</c> command shares: the store flags (<see cref="StoreOptions"/>) for offline use, the kubeconfig for
/// online use, and the output format.
/// </summary>
internal sealed class LifecycleFlags
{
    private readonly StoreOptions _store = StoreOptions.Create();
    private readonly Option<string> _config = new("--encryption-provider-config")
    {
        Description = "Offline: the EncryptionConfiguration in use (default <data-dir>/encryption-config.yaml)",
    };

    private readonly Option<string> _kubeconfig = new("--kubeconfig") { Description = "Online: the kubeconfig (default KUBECONFIG, then ~/.kube/config)" };

    /// <summary>Creates the flags; <paramref name="formats"/> are the values <c>-o</c> accepts, the first the default.</summary>
    public LifecycleFlags(params string[] formats)
    {
        Output = new Option<string>("--output", "-o") { Description = $"Output format: {string.Join(", ", formats)}", DefaultValueFactory = _ => formats[0] };
        Output.AcceptOnlyFromAmong(formats);
    }

    /// <summary><c>-o</c>.</summary>
    public Option<string> Output { get; }

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in _store.All.Concat([_config, _kubeconfig, Output]))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The <c>--encryption-provider-config</c> given, if any (online: the file a rotation step edits).</summary>
    public string? ConfigFile(ParseResult result) => result.GetValue(_config);

    /// <summary>Offline when <c>--data-dir</c> or <c>--etcd-servers</c> is given, else online.</summary>
    /// <exception cref="ArgumentException">The flags do not fit together; the message says how.</exception>
    public LifecycleTarget Resolve(ParseResult result)
    {
        var dataDir = result.GetValue(_store.DataDir);
        var etcd = result.GetValue(_store.EtcdServers) is { Length: > 0 } servers ? servers : null;
        var kubeconfig = result.GetValue(_kubeconfig);
        if (dataDir is null && etcd is null)
        {
            return new LifecycleTarget(null, null, kubeconfig is null ? null : Path.GetFullPath(kubeconfig));
        }

        if (kubeconfig is not null)
        {
            throw new ArgumentException("--kubeconfig asks a running server, --data-dir/--etcd-servers read a store offline: give one or the other");
        }

        if (dataDir is not null && etcd is not null)
        {
            throw new ArgumentException("--data-dir (embedded store) and --etcd-servers (etcd) select different stores: give one");
        }

        var location = _store.Location(result, embeddedMustExist: false);
        var settings = new ServerSettings
        {
            DataDirectory = location.DataDirectory,
            EtcdServers = location.EtcdServers,
            EtcdPrefix = result.GetValue(_store.EtcdPrefix) ?? StorageKeys.DefaultPrefix,
            EtcdCaFile = location.EtcdCaFile,
            EtcdCertFile = location.EtcdCertFile,
            EtcdKeyFile = location.EtcdKeyFile,
        };
        var config = result.GetValue(_config);
        if (config is null && dataDir is not null && File.Exists(DataDirectory.EncryptionConfig(settings.DataDirectory)))
        {
            config = DataDirectory.EncryptionConfig(settings.DataDirectory);
        }

        if (config is null)
        {
            throw new ArgumentException("reading a store offline needs --encryption-provider-config (the configuration its objects were written with)");
        }

        if (dataDir is not null && !File.Exists(DataDirectory.SqliteFile(settings.DataDirectory)))
        {
            throw new ArgumentException($"no embedded store at {DataDirectory.SqliteFile(settings.DataDirectory)}");
        }

        return new LifecycleTarget(settings, Path.GetFullPath(config), null);
    }
}
