using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AtRest.ApiServer.Security;

/// <summary>
/// The server's TLS material and admin credentials, created in the data directory on first start and reused afterwards.
/// </summary>
public sealed class ServerCredentials : IDisposable
{
    private ServerCredentials(CredentialPaths paths, CertificateAuthority authority, X509Certificate2 serving,
        string servingTrustPem, X509Certificate2 admin, string token, ClientAuthenticationSources sources)
    {
        Paths = paths;
        Authority = authority;
        ServingCertificate = serving;
        ServingTrustPem = servingTrustPem;
        AdminCertificate = admin;
        Token = token;
        ClientAuthorities = [authority.Certificate, .. sources.ClientCertificateAuthorities];
        Tokens = new TokenAuthenticator([(token, AuthenticatedUser.Admin), .. sources.Tokens]);
        AuthenticationWarnings = sources.Warnings;
    }

    /// <summary>The file locations.</summary>
    public CredentialPaths Paths { get; }

    /// <summary>The CA that signs and authenticates client certificates.</summary>
    public CertificateAuthority Authority { get; }

    /// <summary>The certificate Kestrel serves.</summary>
    public X509Certificate2 ServingCertificate { get; }

    /// <summary>PEM of the certificates a client must trust to reach the server (the kubeconfig's CA data).</summary>
    public string ServingTrustPem { get; }

    /// <summary>The admin's client certificate, with its key.</summary>
    public X509Certificate2 AdminCertificate { get; }

    /// <summary>The admin bearer token.</summary>
    public string Token { get; }

    /// <summary>The CAs client certificates may chain to: the server's own, then <c>--client-ca-file</c>'s.</summary>
    public X509Certificate2Collection ClientAuthorities { get; }

    /// <summary>The bearer tokens: the admin token and <c>--token-auth-file</c>'s.</summary>
    public TokenAuthenticator Tokens { get; }

    /// <summary>What loading <c>--token-auth-file</c> warned about (empty or repeated tokens), for the log.</summary>
    public IReadOnlyList<string> AuthenticationWarnings { get; }

    /// <summary>
    /// Loads the credentials from <paramref name="paths"/>, creating what is missing. The generated serving certificate is
    /// reissued when it no longer covers <paramref name="dnsNames"/> and <paramref name="addresses"/> or is about to expire.
    /// When <paramref name="tlsCertificateFile"/> is given, it (with <paramref name="tlsKeyFile"/>) is served instead.
    /// <paramref name="clientCaFile"/> and <paramref name="tokenAuthFile"/> are kube-apiserver's <c>--client-ca-file</c>
    /// and <c>--token-auth-file</c>; they are read before anything is created, so a bad one leaves nothing behind.
    /// </summary>
    public static ServerCredentials LoadOrCreate(CredentialPaths paths, IReadOnlyCollection<string> dnsNames,
        IReadOnlyCollection<IPAddress> addresses, string? tlsCertificateFile = null, string? tlsKeyFile = null,
        string? clientCaFile = null, string? tokenAuthFile = null)
    {
        var sources = ClientAuthenticationSources.Load(clientCaFile, tokenAuthFile);
        SecureFile.EnsureDirectory(paths.DataDirectory);
        SecureFile.EnsureDirectory(paths.TlsDirectory);
        var authority = LoadOrCreateAuthority(paths);
        X509Certificate2 serving;
        string trust;
        if (tlsCertificateFile is not null)
        {
            serving = LoadUserServingCertificate(tlsCertificateFile, tlsKeyFile);
            trust = authority.Certificate.ExportCertificatePem() + "\n" + File.ReadAllText(tlsCertificateFile).Trim() + "\n";
        }
        else
        {
            serving = LoadOrIssueServing(paths, authority, dnsNames, addresses);
            trust = authority.Certificate.ExportCertificatePem() + "\n";
        }

        var admin = LoadOrIssueAdmin(paths, authority);
        var token = LoadOrCreateToken(paths.Token);
        return new ServerCredentials(paths, authority, serving, trust, admin, token, sources);
    }

    /// <summary>Writes the admin kubeconfig pointing at <paramref name="serverUrl"/> (mode 0600).</summary>
    public void WriteAdminKubeconfig(string serverUrl) =>
        SecureFile.WriteAllText(Paths.AdminKubeconfig, KubeconfigWriter.Build(serverUrl, ServingTrustPem, AdminCertificate));

    /// <inheritdoc />
    public void Dispose()
    {
        Authority.Dispose();
        ServingCertificate.Dispose();
        AdminCertificate.Dispose();
        foreach (var external in ClientAuthorities.Skip(1))
        {
            external.Dispose();
        }
    }

    private static CertificateAuthority LoadOrCreateAuthority(CredentialPaths paths)
    {
        if (File.Exists(paths.CaCertificate) && File.Exists(paths.CaKey))
        {
            return Wrap(paths.CaCertificate, () => CertificateAuthority.Load(paths.CaCertificate, paths.CaKey));
        }

        var authority = CertificateAuthority.Create($"atrest-server-ca@{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}");
        authority.Save(paths.CaCertificate, paths.CaKey);
        return authority;
    }

    private static X509Certificate2 LoadOrIssueServing(CredentialPaths paths, CertificateAuthority authority,
        IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> addresses)
    {
        if (File.Exists(paths.ServingCertificate) && File.Exists(paths.ServingKey))
        {
            var existing = Wrap(paths.ServingCertificate, () => X509Certificate2.CreateFromPemFile(paths.ServingCertificate, paths.ServingKey));
            if (IsIssuedBy(existing, authority) && Covers(existing, dnsNames, addresses) && existing.NotAfter > DateTime.UtcNow.AddDays(30))
            {
                return existing;
            }

            existing.Dispose();
        }

        var serving = authority.IssueServingCertificate("atrest-apiserver", dnsNames, addresses);
        CertificateAuthority.SaveCertificate(serving, paths.ServingCertificate, paths.ServingKey);
        return serving;
    }

    private static X509Certificate2 LoadOrIssueAdmin(CredentialPaths paths, CertificateAuthority authority)
    {
        if (File.Exists(paths.AdminCertificate) && File.Exists(paths.AdminKey))
        {
            var existing = Wrap(paths.AdminCertificate, () => X509Certificate2.CreateFromPemFile(paths.AdminCertificate, paths.AdminKey));
            if (IsIssuedBy(existing, authority) && existing.NotAfter > DateTime.UtcNow.AddDays(30))
            {
                return existing;
            }

            existing.Dispose();
        }

        var admin = authority.IssueClientCertificate(AuthenticatedUser.Admin.Name, [AuthenticatedUser.MastersGroup]);
        CertificateAuthority.SaveCertificate(admin, paths.AdminCertificate, paths.AdminKey);
        return admin;
    }

    private static X509Certificate2 LoadUserServingCertificate(string certificateFile, string? keyFile)
    {
        if (keyFile is null)
        {
            throw new ArgumentException("--tls-private-key-file must be set with --tls-cert-file");
        }

        return Wrap(certificateFile, () => X509Certificate2.CreateFromPemFile(certificateFile, keyFile));
    }

    private static string LoadOrCreateToken(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        SecureFile.WriteAllText(path, token + "\n");
        return token;
    }

    // Our own files in a 0700 folder: the question is only whether the CA was replaced since they were issued, which the
    // issuer name and key identifier answer without building a chain (that costs start-up time).
    private static bool IsIssuedBy(X509Certificate2 certificate, CertificateAuthority authority)
    {
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(authority.Certificate.SubjectName.RawData))
        {
            return false;
        }

        var issuerKey = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier;
        var authorityKey = authority.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes;
        return issuerKey is { } issued && authorityKey is { } own && issued.Span.SequenceEqual(own.Span);
    }

    private static bool Covers(X509Certificate2 certificate, IReadOnlyCollection<string> dnsNames, IReadOnlyCollection<IPAddress> addresses)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return false;
        }

        var presentNames = extension.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var presentAddresses = extension.EnumerateIPAddresses().ToHashSet();
        return dnsNames.All(presentNames.Contains) && addresses.All(presentAddresses.Contains);
    }

    private static T Wrap<T>(string path, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"cannot load the certificate or key at {path}: {e.Message}", e);
        }
    }
}
