using System.Security.Cryptography;
using AtRest.ApiServer.Security;

namespace AtRest.Cli.Commands.Kubeconfig;

/// <summary>
/// Issues a client certificate from a data directory's CA and writes a kubeconfig for it, pointing at the server the
/// data directory's admin kubeconfig points at (the running server rewrites that file at each start).
/// </summary>
internal static class KubeconfigIssuer
{
    /// <summary>Writes the kubeconfig to <paramref name="output"/>; returns when the certificate stops being valid.</summary>
    /// <exception cref="KubeconfigIssueException">The data directory lacks what is needed, or the file cannot be written.</exception>
    public static DateTimeOffset Issue(string dataDirectory, ClientIdentityRequest request, string output, bool force, TimeProvider time)
    {
        var paths = new CredentialPaths(dataDirectory);
        if (!File.Exists(paths.CaCertificate) || !File.Exists(paths.CaKey))
        {
            throw new KubeconfigIssueException(
                $"no server CA in {paths.TlsDirectory} (ca.crt and ca.key): start `atrest server --data-dir {dataDirectory}` once to create it");
        }

        if (!File.Exists(paths.AdminKubeconfig))
        {
            throw new KubeconfigIssueException(
                $"no {paths.AdminKubeconfig}: start `atrest server --data-dir {dataDirectory}` once so that it records the server's address");
        }

        KubeconfigCluster cluster;
        try
        {
            cluster = KubeconfigCluster.Parse(File.ReadAllText(paths.AdminKubeconfig));
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigIssueException($"cannot read the server's address from {paths.AdminKubeconfig}: {e.Message}", e);
        }

        using var authority = LoadAuthority(paths);
        var notAfter = time.GetUtcNow() + request.Lifetime;
        if (notAfter > authority.Certificate.NotAfter)
        {
            throw new KubeconfigIssueException(
                $"--expires {request.Lifetime.TotalHours:0.##}h would outlive the server CA, which expires {authority.Certificate.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
        }

        using var certificate = authority.IssueClientCertificate(request.User, request.Groups, request.Lifetime, time);
        var text = KubeconfigWriter.Build(cluster.Server, cluster.CertificateAuthorityPem, certificate, request.User);
        try
        {
            SecureFile.WriteAllText(output, text, overwrite: force);
        }
        catch (IOException) when (!force && File.Exists(output))
        {
            throw new KubeconfigIssueException($"{output} already exists; refusing to overwrite it (use --force)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigIssueException($"cannot write {output}: {e.Message}", e);
        }

        return certificate.NotAfter.ToUniversalTime();
    }

    private static CertificateAuthority LoadAuthority(CredentialPaths paths)
    {
        try
        {
            return CertificateAuthority.Load(paths.CaCertificate, paths.CaKey);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigIssueException($"cannot load the server CA from {paths.CaCertificate} and {paths.CaKey}: {e.Message}", e);
        }
    }
}
