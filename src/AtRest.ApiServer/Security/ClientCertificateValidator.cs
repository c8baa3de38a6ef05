using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AtRest.ApiServer.Security;

/// <summary>
/// Authenticates a client certificate as kube-apiserver's x509 authenticator does: it must chain (offline) to one of the
/// trusted CAs (the server's own, plus <c>--client-ca-file</c>'s), be valid now, and allow client authentication; the
/// user is its CN and the groups its O values.
/// </summary>
public sealed class ClientCertificateValidator
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private const string AnyExtendedKeyUsageOid = "2.5.29.37.0";
    private const string OrganizationOid = "2.5.4.10";
    private readonly X509Certificate2Collection _authorities;

    /// <summary>Trusts <paramref name="authority"/> only.</summary>
    public ClientCertificateValidator(X509Certificate2 authority)
        : this(new X509Certificate2Collection(authority))
    {
    }

    /// <summary>Trusts each certificate of <paramref name="authorities"/>.</summary>
    public ClientCertificateValidator(X509Certificate2Collection authorities) => _authorities = authorities;

    /// <summary>The user the certificate names (CN and O values), or null when it is not trusted.</summary>
    public AuthenticatedUser? Authenticate(X509Certificate2 certificate)
    {
        if (!ChainsTo(certificate, _authorities, out var chain) || !AllowsClientAuth(chain))
        {
            return null;
        }

        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var groups = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == OrganizationOid)
            .Select(rdn => rdn.GetSingleElementValue() ?? string.Empty)
            .Where(group => group.Length > 0);
        return AuthenticatedUser.Authenticated(name, groups);
    }

    /// <summary>Whether <paramref name="certificate"/> is valid now and signed (directly or through intermediates) by <paramref name="root"/>.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 root) =>
        ChainsTo(certificate, new X509Certificate2Collection(root), out _);

    /// <summary>
    /// A chain policy that trusts only <paramref name="root"/> and never touches the network: a certificate's AIA
    /// caIssuers, CRL distribution point and OCSP URLs are attacker-chosen before authentication, and fetching them
    /// would be a blind SSRF (kube-apiserver's Go verifier fetches nothing either). Kestrel's handshake uses it too.
    /// </summary>
    public static X509ChainPolicy OfflinePolicy(X509Certificate2 root) => OfflinePolicy(new X509Certificate2Collection(root));

    /// <summary>As <see cref="OfflinePolicy(X509Certificate2)"/>, trusting each certificate of <paramref name="roots"/>.</summary>
    public static X509ChainPolicy OfflinePolicy(X509Certificate2Collection roots)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
            VerificationFlags = X509VerificationFlags.NoFlag,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection roots, out X509Certificate2[] elements)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy = OfflinePolicy(roots);
        var built = chain.Build(certificate);
        elements = built ? chain.ChainElements.Select(element => element.Certificate).ToArray() : [];
        return built;
    }

    // Go's verifier (kube asks it for ExtKeyUsageClientAuth) checks the usage along the whole chain, root included: a
    // certificate with no extended key usage allows any, one with anyExtendedKeyUsage too.
    private static bool AllowsClientAuth(X509Certificate2[] chain) => chain.Length > 0 && chain.All(AllowsClientAuth);

    private static bool AllowsClientAuth(X509Certificate2 certificate)
    {
        var usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        return usage is null || usage.EnhancedKeyUsages.Cast<Oid>().Any(oid => oid.Value is ClientAuthOid or AnyExtendedKeyUsageOid);
    }
}
