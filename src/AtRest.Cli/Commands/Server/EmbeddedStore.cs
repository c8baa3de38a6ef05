using AtRest.Storage;

namespace AtRest.Cli.Commands.Server;

/// <summary>Opens the embedded SQLite store the server and <c>atrest etcdctl</c> share.</summary>
internal static class EmbeddedStore
{
    /// <summary>Opens (creating when missing) the database at <paramref name="file"/>.</summary>
    public static IKeyValueStore Open(string file) =>
        KeyValueStoreFactory.Open($"sqlite://{file}", Path.GetDirectoryName(file)!);
}
