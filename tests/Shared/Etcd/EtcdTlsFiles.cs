using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AtRest.Tests.Shared.Etcd;

/// <summary>
/// A throw-away PKI for etcd's client port, written as PEM files: a CA, a server certificate for 127.0.0.1/localhost,
/// and a client certificate, the files kube-apiserver takes as --etcd-cafile/--etcd-certfile/--etcd-keyfile.
/// </summary>
public sealed class EtcdTlsFiles
{
    private EtcdTlsFiles(string directory)
    {
        CaFile = Path.Combine(directory, "ca.crt");
        ServerCertFile = Path.Combine(directory, "server.crt");
        ServerKeyFile = Path.Combine(directory, "server.key");
        ClientCertFile = Path.Combine(directory, "client.crt");
        ClientKeyFile = Path.Combine(directory, "client.key");
    }

    /// <summary>The CA certificate (PEM) that signed both the server and the client certificate.</summary>
    public string CaFile { get; }

    /// <summary>The server certificate (PEM).</summary>
    public string ServerCertFile { get; }

    /// <summary>The server's private key (PKCS#8 PEM).</summary>
    public string ServerKeyFile { get; }

    /// <summary>The client certificate (PEM).</summary>
    public string ClientCertFile { get; }

    /// <summary>The client's private key (PKCS#8 PEM).</summary>
    public string ClientKeyFile { get; }

    /// <summary>Generates the CA and both leaf certificates into <paramref name="directory"/>.</summary>
    public static EtcdTlsFiles Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new EtcdTlsFiles(directory);
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=atrest-test-etcd-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem());

        var sans = new SubjectAlternativeNameBuilder();
        sans.AddIpAddress(IPAddress.Loopback);
        sans.AddDnsName("localhost");
        WriteLeaf(ca, "CN=atrest-test-etcd-server", sans.Build(), [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")],
            files.ServerCertFile, files.ServerKeyFile, notBefore, notAfter, serial: 2);
        WriteLeaf(ca, "CN=atrest-test-etcd-client", null, [new Oid("1.3.6.1.5.5.7.3.2")],
            files.ClientCertFile, files.ClientKeyFile, notBefore, notAfter, serial: 3);
        return files;
    }

    private static void WriteLeaf(
        X509Certificate2 ca, string subject, X509Extension? sans, Oid[] usages, string certFile, string keyFile,
        DateTimeOffset notBefore, DateTimeOffset notAfter, byte serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
        if (sans is not null)
        {
            request.CertificateExtensions.Add(sans);
        }

        using var certificate = request.Create(ca, notBefore, notAfter, [serial]);
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
