using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;

namespace AtRest.Storage;

/// <summary>
/// The one way to open a store: from a <see cref="StoreLocation"/> (what the server's and every command's
/// <c>--data-dir</c>/<c>--etcd-servers</c> flags select), or from an endpoint string, the way <c>--storage</c>-style
/// flags name one.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>sqlite://&lt;path&gt;</c>: the embedded SQLite file at the path (relative paths are relative to the current
/// directory, as any command-line path); <c>sqlite://</c>, an empty string or null: <c>&lt;data-dir&gt;/state.db</c>.</item>
/// <item><c>etcd://host:port,host:port</c> or <c>etcds://host:port?cafile=…&amp;certfile=…&amp;keyfile=…</c>: an etcd
/// cluster (see <see cref="EtcdOptions.Parse"/>).</item>
/// </list>
/// </remarks>
public static class KeyValueStoreFactory
{
    /// <summary>The embedded database's file name inside the data directory.</summary>
    public const string DefaultDatabaseFileName = "state.db";

    private const string SqliteScheme = "sqlite://";

    /// <summary>Opens the store <paramref name="location"/> names.</summary>
    /// <param name="location">The data directory or the etcd cluster.</param>
    /// <param name="sqliteOptions">Adjusts the SQLite settings (the path is already set); ignored for etcd.</param>
    /// <exception cref="ArgumentException">The flags do not fit together; the message names them.</exception>
    /// <exception cref="IOException">The embedded database must exist and does not.</exception>
    public static IKeyValueStore Open(StoreLocation location, Func<SqliteKeyValueStoreOptions, SqliteKeyValueStoreOptions>? sqliteOptions = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Validate() is [var first, ..])
        {
            throw new ArgumentException(first, nameof(location));
        }

        if (location.IsEtcd)
        {
            var options = new EtcdOptions
            {
                Endpoints = location.EtcdUrls,
                CaFile = location.EtcdCaFile,
                CertFile = location.EtcdCertFile,
                KeyFile = location.EtcdKeyFile,
            };
            return new EtcdKeyValueStore(location.EtcdRequestTimeout is { } timeout ? CopyWithTimeout(options, timeout) : options);
        }

        var file = location.SqliteFile;
        if (location.EmbeddedMustExist && !File.Exists(file))
        {
            throw new IOException($"no embedded store at {file}: start `atrest server --data-dir {location.DataDirectory}` first, or pass --data-dir or --etcd-servers");
        }

        var sqlite = new SqliteKeyValueStoreOptions { DatabasePath = file };
        return SqliteKeyValueStore.Open(sqliteOptions?.Invoke(sqlite) ?? sqlite);
    }

    /// <summary>Opens the backend <paramref name="endpoint"/> names.</summary>
    /// <param name="endpoint">See the remarks; null or empty for the default embedded file.</param>
    /// <param name="dataDirectory">Where the default embedded file lives.</param>
    /// <param name="sqliteOptions">Adjusts the SQLite settings (the path is already set); ignored for etcd.</param>
    /// <exception cref="FormatException">The endpoint has an unknown scheme or is malformed; the message says which.</exception>
    public static IKeyValueStore Open(
        string? endpoint, string dataDirectory, Func<SqliteKeyValueStoreOptions, SqliteKeyValueStoreOptions>? sqliteOptions = null)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        if (string.IsNullOrWhiteSpace(endpoint) || endpoint.StartsWith(SqliteScheme, StringComparison.OrdinalIgnoreCase))
        {
            var path = SqlitePath(endpoint, dataDirectory);
            var options = new SqliteKeyValueStoreOptions { DatabasePath = path };
            return SqliteKeyValueStore.Open(sqliteOptions?.Invoke(options) ?? options);
        }

        if (endpoint.StartsWith("etcd://", StringComparison.OrdinalIgnoreCase) || endpoint.StartsWith("etcds://", StringComparison.OrdinalIgnoreCase))
        {
            return EtcdKeyValueStore.Connect(endpoint);
        }

        throw new FormatException($"storage endpoint '{endpoint}' has an unknown scheme; use sqlite://<path>, etcd://host:port[,host:port] or etcds://host:port[,host:port]");
    }

    /// <summary>The SQLite file an embedded endpoint names (absolute).</summary>
    /// <exception cref="FormatException">The endpoint is not <c>sqlite://…</c>.</exception>
    public static string SqlitePath(string? endpoint, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return Path.GetFullPath(Path.Combine(dataDirectory, DefaultDatabaseFileName));
        }

        if (!endpoint.StartsWith(SqliteScheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"storage endpoint '{endpoint}' is not of the form sqlite://<path>");
        }

        var path = endpoint[SqliteScheme.Length..];
        if (path.Contains('?', StringComparison.Ordinal))
        {
            throw new FormatException($"storage endpoint '{endpoint}': sqlite:// takes a plain path, without query parameters");
        }

        if (path.Length == 0)
        {
            return Path.GetFullPath(Path.Combine(dataDirectory, DefaultDatabaseFileName));
        }

        if (path.EndsWith('/') || Directory.Exists(path))
        {
            throw new FormatException($"storage endpoint '{endpoint}' names a directory; give the database file, e.g. sqlite://{Path.Combine(path, DefaultDatabaseFileName)}");
        }

        return Path.GetFullPath(path);
    }

    private static EtcdOptions CopyWithTimeout(EtcdOptions options, TimeSpan timeout) => new()
    {
        Endpoints = options.Endpoints,
        CaFile = options.CaFile,
        CertFile = options.CertFile,
        KeyFile = options.KeyFile,
        RequestTimeout = timeout,
    };
}
