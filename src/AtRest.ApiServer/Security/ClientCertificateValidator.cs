using System.Security.Cryptography.X509Certificates;

namespace AtRest.ApiServer.Security;

/// <summary>Checks that a client certificate chains to the server's CA and is meant for client authentication.</summary>
public sealed class ClientCertificateValidator(X509Certificate2 authority)
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>The user the certificate names (CN and O values), or null when it is not trusted.</summary>
    public AuthenticatedUser? Authenticate(X509Certificate2 certificate)
    {
        if (!ChainsTo(certificate, authority) || !AllowsClientAuth(certificate))
        {
            return null;
        }

        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var groups = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.10")
            .Select(rdn => rdn.GetSingleElementValue() ?? string.Empty)
            .Where(group => group.Length > 0)
            .Append("system:authenticated")
            .ToArray();
        return new AuthenticatedUser(name, groups);
    }

    /// <summary>Whether <paramref name="certificate"/> is valid now and signed (directly or through intermediates) by <paramref name="root"/>.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy = OfflinePolicy(root);
        return chain.Build(certificate);
    }

    /// <summary>
    /// A chain policy that trusts only <paramref name="root"/> and never touches the network: a certificate's AIA
    /// caIssuers, CRL distribution point and OCSP URLs are attacker-chosen before authentication, and fetching them
    /// would be a blind SSRF (kube-apiserver's Go verifier fetches nothing either). Kestrel's handshake uses it too.
    /// </summary>
    public static X509ChainPolicy OfflinePolicy(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
            VerificationFlags = X509VerificationFlags.NoFlag,
        };
        policy.CustomTrustStore.Add(root);
        return policy;
    }

    private static bool AllowsClientAuth(X509Certificate2 certificate)
    {
        var usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        return usage is null || usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(oid => oid.Value == ClientAuthOid);
    }
}
