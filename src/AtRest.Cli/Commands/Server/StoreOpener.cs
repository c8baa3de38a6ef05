using AtRest.ApiServer.Security;
using AtRest.Storage;

namespace AtRest.Cli.Commands.Server;

/// <summary>Opens the store the flags select, through <see cref="KeyValueStoreFactory"/>, and says which one it is.</summary>
internal static class StoreOpener
{
    /// <summary>The server's store: its data directory is created (0700) when missing.</summary>
    public static IKeyValueStore Open(ServerSettings settings, TextWriter output)
    {
        var location = new StoreLocation
        {
            DataDirectory = settings.DataDirectory,
            EtcdServers = settings.EtcdServers,
            EtcdCaFile = settings.EtcdCaFile,
            EtcdCertFile = settings.EtcdCertFile,
            EtcdKeyFile = settings.EtcdKeyFile,
            // An unreachable or silent etcd turns into a 503 within 5 s instead of holding the request.
            EtcdRequestTimeout = TimeSpan.FromSeconds(4),
        };
        if (!location.IsEtcd)
        {
            SecureFile.EnsureDirectory(settings.DataDirectory);
        }

        output.WriteLine($"atrest: storage: {Describe(location)} (prefix {settings.EtcdPrefix})");
        return KeyValueStoreFactory.Open(location);
    }

    /// <summary>A command's store; an embedded one must already exist when <see cref="StoreLocation.EmbeddedMustExist"/>.</summary>
    /// <exception cref="ArgumentException">The flags do not fit together.</exception>
    /// <exception cref="IOException">The embedded database is missing.</exception>
    /// <exception cref="InvalidOperationException">The file is not an AtRest database.</exception>
    public static IKeyValueStore Open(StoreLocation location) => KeyValueStoreFactory.Open(location);

    /// <summary><c>etcd http://…</c> or <c>embedded SQLite /path/state.db</c>.</summary>
    public static string Describe(StoreLocation location) =>
        location.IsEtcd ? $"etcd {string.Join(",", location.EtcdUrls)}" : $"embedded SQLite {location.SqliteFile}";
}
