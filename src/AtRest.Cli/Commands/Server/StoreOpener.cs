using AtRest.ApiServer.Security;
using AtRest.Storage;
using AtRest.Storage.Etcd;

namespace AtRest.Cli.Commands.Server;

/// <summary>Opens the store the flags select: etcd with <c>--etcd-servers</c>, else the embedded SQLite file.</summary>
internal static class StoreOpener
{
    /// <summary>Opens the store and says which one it is.</summary>
    public static IKeyValueStore Open(ServerSettings settings, TextWriter output)
    {
        if (settings.EtcdServers.Count > 0)
        {
            output.WriteLine($"atrest: storage: etcd {string.Join(",", settings.EtcdServers)} (prefix {settings.EtcdPrefix})");
            return new EtcdKeyValueStore(new EtcdOptions
            {
                Endpoints = settings.EtcdServers,
                CaFile = settings.EtcdCaFile,
                CertFile = settings.EtcdCertFile,
                KeyFile = settings.EtcdKeyFile,
                // An unreachable or silent etcd turns into a 503 within 5 s instead of holding the request.
                RequestTimeout = TimeSpan.FromSeconds(4),
            });
        }

        var file = DataDirectory.SqliteFile(settings.DataDirectory);
        SecureFile.EnsureDirectory(Path.GetDirectoryName(file)!);
        output.WriteLine($"atrest: storage: embedded SQLite {file} (prefix {settings.EtcdPrefix})");
        return EmbeddedStore.Open(file);
    }
}
