using AtRest.Storage.Etcd;

namespace AtRest.Storage.Tests.Etcd;

public sealed class EtcdOptionsTests
{
    [Fact]
    public void ParsesSeveralEndpoints()
    {
        var options = EtcdOptions.Parse("etcd://10.0.0.1:2379,10.0.0.2:2379, localhost:22379");
        Assert.Equal(["http://10.0.0.1:2379", "http://10.0.0.2:2379", "http://localhost:22379"], options.Endpoints);
        Assert.Null(options.CaFile);
    }

    [Fact]
    public void ParsesTlsFiles()
    {
        var options = EtcdOptions.Parse("etcds://10.0.0.1:2379?cafile=/etc/pki/ca.crt&certfile=/etc/pki/c.crt&keyfile=/etc/pki/c%20k.key");
        Assert.Equal(["https://10.0.0.1:2379"], options.Endpoints);
        Assert.Equal("/etc/pki/ca.crt", options.CaFile);
        Assert.Equal("/etc/pki/c.crt", options.CertFile);
        Assert.Equal("/etc/pki/c k.key", options.KeyFile);
    }

    [Theory]
    [InlineData("http://10.0.0.1:2379", "must start with etcd://")]
    [InlineData("etcd://", "invalid endpoint ''")]
    [InlineData("etcd://a:1,,b:2", "invalid endpoint ''")]
    [InlineData("etcd://a:1/path", "invalid endpoint 'a:1/path'")]
    [InlineData("etcd://a:1?tls=yes", "unknown parameter 'tls'")]
    public void RejectsMalformedStrings(string value, string message)
    {
        var e = Assert.Throws<FormatException>(() => EtcdOptions.Parse(value));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreRejectsTlsFilesWithHttpEndpoints()
    {
        var e = Assert.Throws<ArgumentException>(() => new EtcdKeyValueStore(new EtcdOptions { Endpoints = ["http://127.0.0.1:2379"], CaFile = "/nonexistent/ca.crt" }));
        Assert.Contains("use http", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreRejectsUnreadableCaFile()
    {
        var e = Assert.Throws<ArgumentException>(() => new EtcdKeyValueStore(new EtcdOptions { Endpoints = ["https://127.0.0.1:2379"], CaFile = "/nonexistent/ca.crt" }));
        Assert.Contains("/nonexistent/ca.crt", e.Message, StringComparison.Ordinal);
    }
}
