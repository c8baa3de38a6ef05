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
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate);
    }

    private static bool AllowsClientAuth(X509Certificate2 certificate)
    {
        var usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        return usage is null || usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(oid => oid.Value == ClientAuthOid);
    }
}
