using AtRest.Storage.Etcd;
using AtRest.Tests.Shared.Etcd;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>etcd serving TLS with --client-cert-auth, as a kube-apiserver deployment runs it.</summary>
[Trait("Category", "Integration")]
public sealed class EtcdTlsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClientCertificateIsRequiredAndSufficient()
    {
        await using var server = await EtcdServer.StartAsync(tls: true, Cancel);
        var tls = server.Tls!;
        Assert.StartsWith("https://127.0.0.1:", server.Endpoint, StringComparison.Ordinal);

        await using (var store = new EtcdKeyValueStore(new EtcdOptions
        {
            Endpoints = server.Endpoints, CaFile = tls.CaFile, CertFile = tls.ClientCertFile, KeyFile = tls.ClientKeyFile,
        }))
        {
            var created = await store.CreateAsync("/registry/secrets/tls/s1", "k8s:enc:aesgcm:v1:key1:x"u8.ToArray(), Cancel);
            Assert.True(created.Succeeded);
            Assert.Equal("k8s:enc:aesgcm:v1:key1:x"u8.ToArray(), (await store.GetAsync("/registry/secrets/tls/s1", Cancel))!.Value);
        }

        var url = EtcdOptions.Parse($"etcds://{server.Endpoint["https://".Length..]}?cafile={Uri.EscapeDataString(tls.CaFile)}&certfile={Uri.EscapeDataString(tls.ClientCertFile)}&keyfile={Uri.EscapeDataString(tls.ClientKeyFile)}");
        await using (var store = new EtcdKeyValueStore(url))
        {
            Assert.NotNull(await store.GetAsync("/registry/secrets/tls/s1", Cancel));
        }

        await using (var withoutCertificate = new EtcdKeyValueStore(new EtcdOptions
        {
            Endpoints = server.Endpoints, CaFile = tls.CaFile, RetryTimeout = TimeSpan.FromSeconds(1),
        }))
        {
            var e = await Assert.ThrowsAsync<EtcdUnavailableException>(() => withoutCertificate.GetAsync("/registry/secrets/tls/s1", Cancel));
            Assert.Contains(server.Endpoint, e.Message, StringComparison.Ordinal);
            Assert.Contains("no client certificate is configured", e.Message, StringComparison.Ordinal);
        }

        await using (var withoutCa = new EtcdKeyValueStore(new EtcdOptions
        {
            Endpoints = server.Endpoints, CertFile = tls.ClientCertFile, KeyFile = tls.ClientKeyFile, RetryTimeout = TimeSpan.FromSeconds(1),
        }))
        {
            // Not retried: an untrusted server certificate will not become trusted by waiting.
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => withoutCa.GetAsync("/registry/secrets/tls/s1", Cancel));
            Assert.Contains("remote certificate is invalid", e.Message, StringComparison.Ordinal);
        }
    }
}
