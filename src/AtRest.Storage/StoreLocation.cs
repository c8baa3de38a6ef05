namespace AtRest.Storage;

/// <summary>
/// Which store a server or command works on: the embedded SQLite file of a data directory, or an etcd cluster when
/// <see cref="EtcdServers"/> is not empty. Flags of every command map onto this one record, and
/// <see cref="KeyValueStoreFactory.Open(StoreLocation)"/> opens it.
/// </summary>
public sealed record StoreLocation
{
    /// <summary>The data directory holding <c>state.db</c>; ignored for etcd.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>etcd endpoints (<c>http(s)://host:port</c>, or etcdctl's bare <c>host:port</c>); empty for the embedded store.</summary>
    public IReadOnlyList<string> EtcdServers { get; init; } = [];

    /// <summary>CA bundle of etcd's serving certificate.</summary>
    public string? EtcdCaFile { get; init; }

    /// <summary>Client certificate for etcd (with <see cref="EtcdKeyFile"/>).</summary>
    public string? EtcdCertFile { get; init; }

    /// <summary>Client key for etcd (with <see cref="EtcdCertFile"/>).</summary>
    public string? EtcdKeyFile { get; init; }

    /// <summary>How long one etcd request may take; null for the store's default.</summary>
    public TimeSpan? EtcdRequestTimeout { get; init; }

    /// <summary>Refuse to create a missing embedded database (commands that read an existing store).</summary>
    public bool EmbeddedMustExist { get; init; }

    /// <summary>Whether this names an etcd cluster rather than the embedded file.</summary>
    public bool IsEtcd => EtcdServers.Count > 0;

    /// <summary>The embedded database file (absolute).</summary>
    public string SqliteFile => KeyValueStoreFactory.SqlitePath(null, DataDirectory);

    /// <summary>The etcd endpoints as URLs: a bare <c>host:port</c> gets https when TLS files are given, else http.</summary>
    public IReadOnlyList<string> EtcdUrls =>
        EtcdServers.Select(server => server.Contains("://", StringComparison.Ordinal) ? server
            : (EtcdCaFile ?? EtcdCertFile) is null ? $"http://{server}" : $"https://{server}").ToArray();

    /// <summary>The problems with this combination, named by the server's flags.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if ((EtcdCertFile is null) != (EtcdKeyFile is null))
        {
            errors.Add("--etcd-certfile and --etcd-keyfile must be specified together");
        }

        if (!IsEtcd && (EtcdCaFile ?? EtcdCertFile ?? EtcdKeyFile) is not null)
        {
            errors.Add("--etcd-cafile, --etcd-certfile and --etcd-keyfile need --etcd-servers");
        }

        foreach (var url in EtcdUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") || uri.AbsolutePath != "/")
            {
                errors.Add($"--etcd-servers: \"{url}\" is not a URL of the form http://host:port or https://host:port");
            }
        }

        return errors;
    }
}
