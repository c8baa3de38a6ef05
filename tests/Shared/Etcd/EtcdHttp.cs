using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace AtRest.Tests.Shared.Etcd;

/// <summary>
/// Talks to etcd's HTTP endpoints on the client port (/health and the v3 JSON gateway) with only the BCL,
/// so the fixture needs no gRPC client of its own.
/// </summary>
public static class EtcdHttp
{
    /// <summary>An HTTP client that, for a TLS member, presents the client certificate and trusts only the test CA.</summary>
    public static HttpClient CreateClient(EtcdTlsFiles? tls)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) };
        if (tls is not null)
        {
            var ca = X509Certificate2.CreateFromPem(File.ReadAllText(tls.CaFile));
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [X509Certificate2.CreateFromPemFile(tls.ClientCertFile, tls.ClientKeyFile)],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            };
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>The member id and the leader's member id, from the gateway's maintenance status call.</summary>
    public static async Task<(ulong MemberId, ulong LeaderId)> StatusAsync(HttpClient client, string clientUrl, CancellationToken cancellationToken = default)
    {
        using var response = await client.PostAsync($"{clientUrl}/v3/maintenance/status", new StringContent("{}"), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"etcd status at {clientUrl} answered {(int)response.StatusCode}: {body}");
        }

        // The gateway writes uint64 fields as JSON strings.
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var memberId = ulong.Parse(root.GetProperty("header").GetProperty("member_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var leaderId = ulong.Parse(root.GetProperty("leader").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        return (memberId, leaderId);
    }
}
