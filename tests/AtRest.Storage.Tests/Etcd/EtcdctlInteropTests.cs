using System.Security.Cryptography;
using System.Text;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>Values written by AtRest are the bytes etcdctl sees, and the other way round: same keys, no framing.</summary>
[Trait("Category", "Integration")]
[Collection(EtcdCollection.Name)]
public sealed class EtcdctlInteropTests(EtcdServerFixture etcd)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> Values => ["binary", "encrypted"];

    [Theory]
    [MemberData(nameof(Values))]
    public async Task EtcdctlReadsExactlyTheBytesAtRestWrote(string kind)
    {
        await using var store = etcd.CreateStore();
        var key = $"/registry/secrets/interop-{Guid.NewGuid():N}/s1";
        var value = Value(kind);
        Assert.True((await store.CreateAsync(key, value, Cancel)).Succeeded);

        var printed = await Etcdctl.RunAsync(etcd.Server.Endpoint, null, Cancel, "get", key, "--print-value-only");

        // etcdctl prints the value and then one newline.
        Assert.Equal([.. value, (byte)'\n'], printed);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public async Task AtRestReadsExactlyTheBytesEtcdctlWrote(string kind)
    {
        await using var store = etcd.CreateStore();
        var key = $"/registry/configmaps/interop-{Guid.NewGuid():N}/c1";
        var value = Value(kind);
        Assert.Equal("OK\n", Encoding.UTF8.GetString(await Etcdctl.RunAsync(etcd.Server.Endpoint, value, Cancel, "put", key)));

        var read = await store.GetAsync(key, Cancel);
        Assert.NotNull(read);
        Assert.Equal(value, read.Value);
        Assert.Equal(read.CreateRevision, read.ModRevision);
    }

    private static byte[] Value(string kind) => kind switch
    {
        // Every byte value, including NUL and newlines, in a value that is not valid UTF-8.
        "binary" => [.. Enumerable.Range(0, 256).Select(i => (byte)i), 0xff, 0xfe, 0x00, 0x0a],
        "encrypted" => [.. "k8s:enc:aescbc:v1:key1:"u8, .. RandomNumberGenerator.GetBytes(64)],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
