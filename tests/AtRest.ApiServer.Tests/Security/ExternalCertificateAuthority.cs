using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AtRest.ApiServer.Tests.Security;

/// <summary>
/// A CA made here with System.Security.Cryptography alone (RSA, unlike the server's ECDSA one), standing for an
/// organisation's CA given to the server with <c>--client-ca-file</c>. It issues ECDSA client certificates with any
/// validity, extended key usages and CA flag, so tests can make the certificates the server must refuse.
/// </summary>
internal sealed class ExternalCertificateAuthority : IDisposable
{
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    private readonly RSA _key;

    public ExternalCertificateAuthority(string commonName)
    {
        _key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    /// <summary>The CA certificate (with its key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM, for a <c>--client-ca-file</c> bundle.</summary>
    public string Pem => Certificate.ExportCertificatePem() + "\n";

    /// <summary>A client certificate for <c>CN=<paramref name="user"/></c> and one O per group, with its ECDSA key.</summary>
    public X509Certificate2 Issue(string user, string[] groups, string[]? usages = null, TimeSpan? validFrom = null, TimeSpan? lifetime = null) =>
        IssueWith(Certificate, X509SignatureGenerator.CreateForRSA(_key, RSASignaturePadding.Pkcs1), user, groups, usages, validFrom, lifetime);

    /// <summary>
    /// As <see cref="Issue"/>, signed by the server's own CA (whose key the test reads from the data directory); unlike
    /// the CA's own issuing, any validity may be chosen, e.g. one that ended before the CA was made.
    /// </summary>
    public static X509Certificate2 IssueFromServerCa(AtRest.ApiServer.Security.CertificateAuthority authority, string user, string[] groups,
        TimeSpan validFrom, TimeSpan lifetime)
    {
        using var key = authority.Certificate.GetECDsaPrivateKey()!;
        return IssueWith(authority.Certificate, X509SignatureGenerator.CreateForECDsa(key), user, groups, [ClientAuth], validFrom, lifetime);
    }

    private static X509Certificate2 IssueWith(X509Certificate2 issuer, X509SignatureGenerator signer, string user, string[] groups,
        string[]? usages, TimeSpan? validFrom, TimeSpan? lifetime)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
        {
            subject.AddOrganizationName(group);
        }

        subject.AddCommonName(user);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (usages is not null)
        {
            var oids = new OidCollection();
            foreach (var usage in usages)
            {
                oids.Add(new Oid(usage));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var notBefore = DateTimeOffset.UtcNow + (validFrom ?? TimeSpan.FromMinutes(-5));
        var notAfter = notBefore + (lifetime ?? TimeSpan.FromDays(30));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(issuer.SubjectName, signer, notBefore, notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PEM so that the key is an ordinary exportable one (the kubeconfig writer exports it).
        using var exportable = withKey.GetECDsaPrivateKey()!;
        return X509Certificate2.CreateFromPem(withKey.ExportCertificatePem(), exportable.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
