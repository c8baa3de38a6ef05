namespace AtRest.Tests.Shared.Etcd;

/// <summary>How one etcd member is started: its name, ports, data dir and cluster membership.</summary>
/// <param name="Name">The member name (--name).</param>
/// <param name="ClientPort">The loopback client port.</param>
/// <param name="PeerPort">The loopback peer port.</param>
/// <param name="DataDirectory">The member's data dir.</param>
/// <param name="InitialCluster">The --initial-cluster value listing every member's peer URL.</param>
/// <param name="ClusterToken">The --initial-cluster-token, unique per test cluster.</param>
/// <param name="Tls">When set, the client port serves TLS and requires client certificates signed by its CA.</param>
public sealed record EtcdMemberConfig(
    string Name, int ClientPort, int PeerPort, string DataDirectory, string InitialCluster, string ClusterToken, EtcdTlsFiles? Tls)
{
    /// <summary>The member's client URL.</summary>
    public string ClientUrl => $"{(Tls is null ? "http" : "https")}://127.0.0.1:{ClientPort}";

    /// <summary>The member's peer URL.</summary>
    public string PeerUrl => $"http://127.0.0.1:{PeerPort}";

    /// <summary>The etcd command line for a first start (<paramref name="existing"/> false) or a restart.</summary>
    public IEnumerable<string> Arguments(bool existing)
    {
        yield return $"--name={Name}";
        yield return $"--data-dir={DataDirectory}";
        yield return $"--listen-client-urls={ClientUrl}";
        yield return $"--advertise-client-urls={ClientUrl}";
        yield return $"--listen-peer-urls={PeerUrl}";
        yield return $"--initial-advertise-peer-urls={PeerUrl}";
        yield return $"--initial-cluster={InitialCluster}";
        yield return $"--initial-cluster-token={ClusterToken}";
        yield return $"--initial-cluster-state={(existing ? "existing" : "new")}";
        yield return "--logger=zap";
        yield return "--log-outputs=stderr";
        if (Tls is not null)
        {
            yield return $"--cert-file={Tls.ServerCertFile}";
            yield return $"--key-file={Tls.ServerKeyFile}";
            yield return "--client-cert-auth";
            yield return $"--trusted-ca-file={Tls.CaFile}";
        }
    }
}
