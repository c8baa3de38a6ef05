using System.Text;

namespace AtRest.ApiServer.Security;

/// <summary>The cluster entry of a kubeconfig <see cref="KubeconfigWriter"/> wrote: where the server is and what to trust.</summary>
/// <param name="Server">The server URL.</param>
/// <param name="CertificateAuthorityPem">The PEM the client trusts for the server.</param>
public sealed record KubeconfigCluster(string Server, string CertificateAuthorityPem)
{
    private const string ServerField = "server:";
    private const string CaField = "certificate-authority-data:";

    /// <summary>Reads the cluster entry of <paramref name="text"/>, in the layout <see cref="KubeconfigWriter.Build"/> writes.</summary>
    /// <exception cref="FormatException">The text lacks the server or the CA data.</exception>
    public static KubeconfigCluster Parse(string text)
    {
        string? server = null;
        string? ca = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (server is null && line.StartsWith(ServerField, StringComparison.Ordinal))
            {
                server = line[ServerField.Length..].Trim();
            }
            else if (ca is null && line.StartsWith(CaField, StringComparison.Ordinal))
            {
                ca = line[CaField.Length..].Trim();
            }
        }

        if (string.IsNullOrEmpty(server) || string.IsNullOrEmpty(ca))
        {
            throw new FormatException($"no {(string.IsNullOrEmpty(server) ? ServerField : CaField)} line in the cluster entry");
        }

        try
        {
            return new KubeconfigCluster(server, Encoding.UTF8.GetString(Convert.FromBase64String(ca)));
        }
        catch (FormatException)
        {
            throw new FormatException($"{CaField} is not base64");
        }
    }
}
