using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AtRest.ApiServer.Security;

/// <summary>Writes a kubeconfig with embedded credentials (the <c>*-data</c> fields), as k3s writes its admin kubeconfig.</summary>
public static class KubeconfigWriter
{
    /// <summary>Builds the kubeconfig text.</summary>
    /// <param name="server">The API server URL, e.g. <c>https://127.0.0.1:6443</c>.</param>
    /// <param name="certificateAuthorityPem">PEM of the certificates the client trusts for the server.</param>
    /// <param name="clientCertificate">The user's certificate, with its private key.</param>
    /// <param name="userName">The name of the kubeconfig's user entry.</param>
    public static string Build(string server, string certificateAuthorityPem, X509Certificate2 clientCertificate, string userName = "admin")
    {
        using var key = clientCertificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("the client certificate has no ECDSA private key", nameof(clientCertificate));
        var text = new StringBuilder();
        text.Append("apiVersion: v1\n");
        text.Append("kind: Config\n");
        text.Append("clusters:\n");
        text.Append("- cluster:\n");
        text.Append("    certificate-authority-data: ").Append(Base64(certificateAuthorityPem)).Append('\n');
        text.Append("    server: ").Append(server).Append('\n');
        text.Append("  name: atrest\n");
        text.Append("contexts:\n");
        text.Append("- context:\n");
        text.Append("    cluster: atrest\n");
        text.Append("    user: ").Append(Scalar(userName)).Append('\n');
        text.Append("  name: atrest\n");
        text.Append("current-context: atrest\n");
        text.Append("preferences: {}\n");
        text.Append("users:\n");
        text.Append("- name: ").Append(Scalar(userName)).Append('\n');
        text.Append("  user:\n");
        text.Append("    client-certificate-data: ").Append(Base64(clientCertificate.ExportCertificatePem() + "\n")).Append('\n');
        text.Append("    client-key-data: ").Append(Base64(key.ExportPkcs8PrivateKeyPem() + "\n")).Append('\n');
        return text.ToString();
    }

    // A plain YAML scalar when the name is only letters, digits and ._@-; otherwise double-quoted (JSON escapes are YAML's).
    private static string Scalar(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-')
            ? name
            : $"\"{System.Text.Json.JsonEncodedText.Encode(name)}\"";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
