using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AtRest.ApiServer.Security;

/// <summary>
/// The server's own certificate authority: signs the serving certificate and client certificates,
/// and is the trust anchor for client-certificate authentication. Keys are ECDSA P-256, as k3s uses.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private CertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Creates a new self-signed CA valid for ten years.</summary>
    public static CertificateAuthority Create(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(subjectKeyId);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return new CertificateAuthority(Reimport(certificate));
    }

    /// <summary>Loads a CA from PEM files written by <see cref="Save"/>.</summary>
    public static CertificateAuthority Load(string certificatePath, string keyPath) =>
        new(X509Certificate2.CreateFromPemFile(certificatePath, keyPath));

    /// <summary>Writes the certificate and its key as PEM files with mode 0600.</summary>
    public void Save(string certificatePath, string keyPath) => SaveCertificate(Certificate, certificatePath, keyPath);

    /// <summary>Writes any certificate with an ECDSA key as PEM files with mode 0600.</summary>
    public static void SaveCertificate(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        using var key = certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException($"certificate {certificate.Subject} has no ECDSA private key to save");
        SecureFile.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        SecureFile.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
    }

    /// <summary>Issues a TLS server certificate for the given names and addresses, valid for one year.</summary>
    public X509Certificate2 IssueServingCertificate(string commonName, IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names.AddDnsName(dns);
        }

        foreach (var address in addresses.Distinct())
        {
            names.AddIpAddress(address);
        }

        return Issue($"CN={commonName}", ServerAuth, names.Build(), TimeSpan.FromDays(365));
    }

    /// <summary>
    /// Issues a client certificate valid from <paramref name="time"/>'s now (less five minutes of clock skew) for
    /// <paramref name="lifetime"/> (one year by default, never past the CA's own end); Kubernetes reads the user from CN
    /// and the groups from O.
    /// </summary>
    public X509Certificate2 IssueClientCertificate(string user, IEnumerable<string> groups, TimeSpan? lifetime = null, TimeProvider? time = null)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
        {
            subject.AddOrganizationName(group);
        }

        subject.AddCommonName(user);
        return Issue(subject.Build(), ClientAuth, subjectAlternativeNames: null, lifetime ?? TimeSpan.FromDays(365), time ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(string subject, Oid usage, X509Extension? subjectAlternativeNames, TimeSpan lifetime) =>
        Issue(new X500DistinguishedName(subject), usage, subjectAlternativeNames, lifetime, TimeProvider.System);

    private X509Certificate2 Issue(X500DistinguishedName subject, Oid usage, X509Extension? subjectAlternativeNames, TimeSpan lifetime,
        TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (subjectAlternativeNames is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeNames);
        }

        var now = time.GetUtcNow();
        var notAfter = now + lifetime;
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive DER integer
        using var issued = request.Create(Certificate, now.AddMinutes(-5), notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reimport(withKey);
    }

    // Round-trips through PEM so the private key is an ordinary exportable key on every platform.
    private static X509Certificate2 Reimport(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        return X509Certificate2.CreateFromPem(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
