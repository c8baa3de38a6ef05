using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Server;

/// <summary>An HTTPS client for a running <see cref="AtRestServer"/>: trusts its CA and authenticates with its admin token.</summary>
internal static class ServerAdminClient
{
    /// <summary>The client; <paramref name="timeout"/> only keeps a hung request from hanging the test.</summary>
    public static HttpClient Create(AtRestServer server, TimeSpan timeout)
    {
        var authority = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(server.DataDirectory, "tls", "ca.crt"));
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(server.Url), Timeout = timeout };
        var token = File.ReadAllText(Path.Combine(server.DataDirectory, "token")).Trim();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
