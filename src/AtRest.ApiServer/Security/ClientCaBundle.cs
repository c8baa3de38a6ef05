using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AtRest.ApiServer.Security;

/// <summary>kube-apiserver's <c>--client-ca-file</c>: a PEM bundle of one or more CA certificates trusted for client certificates.</summary>
public static class ClientCaBundle
{
    /// <summary>The certificates of the bundle at <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file cannot be read, holds no certificate, or holds one that is not a CA.</exception>
    public static X509Certificate2Collection Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"--client-ca-file: cannot read {path}: {e.Message}", e);
        }

        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"--client-ca-file {path}: not a PEM bundle of certificates: {e.Message}", e);
        }

        if (bundle.Count == 0)
        {
            throw new FormatException($"--client-ca-file {path}: no CERTIFICATE block found (expected one or more PEM CA certificates)");
        }

        foreach (var certificate in bundle)
        {
            var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            if (constraints is { CertificateAuthority: false })
            {
                throw new FormatException($"--client-ca-file {path}: certificate \"{certificate.Subject}\" is not a CA (basicConstraints CA:FALSE)");
            }
        }

        return bundle;
    }
}
