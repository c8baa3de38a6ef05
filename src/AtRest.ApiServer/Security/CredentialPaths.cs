namespace AtRest.ApiServer.Security;

/// <summary>Where the server keeps its certificates, keys, token and kubeconfig inside the data directory.</summary>
/// <param name="DataDirectory">The server's data directory.</param>
public sealed record CredentialPaths(string DataDirectory)
{
    /// <summary>Folder of the PEM files.</summary>
    public string TlsDirectory => Path.Combine(DataDirectory, "tls");

    /// <summary>The CA certificate (trust anchor for clients and for the serving certificate).</summary>
    public string CaCertificate => Path.Combine(TlsDirectory, "ca.crt");

    /// <summary>The CA private key.</summary>
    public string CaKey => Path.Combine(TlsDirectory, "ca.key");

    /// <summary>The generated serving certificate.</summary>
    public string ServingCertificate => Path.Combine(TlsDirectory, "serving.crt");

    /// <summary>The generated serving key.</summary>
    public string ServingKey => Path.Combine(TlsDirectory, "serving.key");

    /// <summary>The admin client certificate (CN=admin, O=system:masters).</summary>
    public string AdminCertificate => Path.Combine(TlsDirectory, "client-admin.crt");

    /// <summary>The admin client key.</summary>
    public string AdminKey => Path.Combine(TlsDirectory, "client-admin.key");

    /// <summary>The bearer token that authenticates as the admin.</summary>
    public string Token => Path.Combine(DataDirectory, "token");

    /// <summary>The kubeconfig for the admin user.</summary>
    public string AdminKubeconfig => Path.Combine(DataDirectory, "admin.kubeconfig");
}
