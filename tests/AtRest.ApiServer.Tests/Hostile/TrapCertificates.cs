using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>Client certificates whose AIA caIssuers, OCSP and CRL distribution point URLs all point at a <see cref="ConnectionTrap"/>.</summary>
internal static class TrapCertificates
{
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    /// <summary>A client certificate for <c>CN=admin, O=system:masters</c> signed by <paramref name="issuer"/> (which holds its key).</summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, ConnectionTrap trap)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("system:masters");
        subject.AddCommonName("admin");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuth], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(
            [trap.Url("ocsp").ToString()], [trap.Url("issuer.crt").ToString()]));
        request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([trap.Url("ca.crl").ToString()]));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(issuer, now.AddMinutes(-5), now.AddDays(1), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Reimported so the key is an ordinary exportable one that SslStream can use on every platform.
        using var privateKey = withKey.GetECDsaPrivateKey()!;
        return X509Certificate2.CreateFromPem(withKey.ExportCertificatePem(), privateKey.ExportPkcs8PrivateKeyPem());
    }
}
