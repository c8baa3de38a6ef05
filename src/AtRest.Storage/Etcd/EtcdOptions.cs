namespace AtRest.Storage.Etcd;

/// <summary>How to reach etcd: endpoints and TLS files, as kube-apiserver's --etcd-servers/--etcd-cafile/--etcd-certfile/--etcd-keyfile.</summary>
public sealed class EtcdOptions
{
    /// <summary>Client URLs such as <c>http://127.0.0.1:2379</c> or <c>https://10.0.0.1:2379</c>; calls spread over them and fail over between them.</summary>
    public required IReadOnlyList<string> Endpoints { get; init; }

    /// <summary>PEM file of the CA that signed the etcd servers' certificates; when null, the system trust store is used for https endpoints.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM file of the client certificate presented to etcd (needs <see cref="KeyFile"/>).</summary>
    public string? CertFile { get; init; }

    /// <summary>PEM file of the client certificate's private key.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Largest response accepted; gRPC's 4 MiB default is too small for a LIST of thousands of objects.</summary>
    public int MaxReceiveMessageSize { get; init; } = 512 * 1024 * 1024;

    /// <summary>How long a call keeps retrying while every endpoint is unavailable (and how long a watch keeps reconnecting).</summary>
    public TimeSpan RetryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest one get, range, count, write or compaction may take, retries included; past it the call ends with
    /// <see cref="EtcdUnavailableException"/>. It bounds calls to a member that accepts connections but never answers
    /// (stopped, or partitioned after the handshake) as well as the retries while every member refuses them.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Most operations per branch of one Txn that <see cref="EtcdKeyValueStore.UpdateManyAsync"/> sends: etcd refuses more than
    /// its <c>--max-txn-ops</c> (128 by default). A server configured lower makes the batch fall back to one Txn per key.
    /// </summary>
    public int MaxTxnOps { get; init; } = 128;

    /// <summary>
    /// Most key and value bytes in one batched Txn; etcd refuses requests over its <c>--max-request-bytes</c> (1.5 MiB by
    /// default), and this leaves room for the compares and the message framing.
    /// </summary>
    public int MaxTxnBytes { get; init; } = 1024 * 1024;

    /// <summary>TCP/TLS connect timeout per endpoint.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Parses <c>etcd://host1:port1,host2:port2</c> (plain HTTP) or <c>etcds://host1:port1,...</c> (TLS), with the
    /// optional query parameters <c>cafile</c>, <c>certfile</c> and <c>keyfile</c>.
    /// </summary>
    /// <exception cref="FormatException">The string is not of that form; the message says what is wrong.</exception>
    public static EtcdOptions Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        string scheme;
        string rest;
        if (connectionString.StartsWith("etcd://", StringComparison.OrdinalIgnoreCase))
        {
            scheme = "http";
            rest = connectionString["etcd://".Length..];
        }
        else if (connectionString.StartsWith("etcds://", StringComparison.OrdinalIgnoreCase))
        {
            scheme = "https";
            rest = connectionString["etcds://".Length..];
        }
        else
        {
            throw new FormatException($"etcd connection string '{connectionString}' must start with etcd:// or etcds://");
        }

        var query = "";
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }

        rest = rest.TrimEnd('/');
        var endpoints = new List<string>();
        foreach (var hostPort in rest.Split(',', StringSplitOptions.TrimEntries))
        {
            var endpoint = $"{scheme}://{hostPort}";
            if (hostPort.Length == 0 || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || hostPort.Contains('@', StringComparison.Ordinal))
            {
                throw new FormatException($"etcd connection string '{connectionString}' has an invalid endpoint '{hostPort}' (expected host:port)");
            }

            endpoints.Add(endpoint);
        }

        string? caFile = null, certFile = null, keyFile = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            switch (name.ToLowerInvariant())
            {
                case "cafile": caFile = value; break;
                case "certfile": certFile = value; break;
                case "keyfile": keyFile = value; break;
                default: throw new FormatException($"etcd connection string has an unknown parameter '{name}' (known: cafile, certfile, keyfile)");
            }
        }

        return new EtcdOptions { Endpoints = endpoints, CaFile = caFile, CertFile = certFile, KeyFile = keyFile };
    }
}
