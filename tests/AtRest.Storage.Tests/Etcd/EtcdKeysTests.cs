using System.Text;
using AtRest.Storage.Etcd;

namespace AtRest.Storage.Tests.Etcd;

public sealed class EtcdKeysTests
{
    [Theory]
    [InlineData(new byte[] { 0x61 }, new byte[] { 0x62 })]
    [InlineData(new byte[] { 0x2f, 0x61, 0x2f }, new byte[] { 0x2f, 0x61, 0x30 })]
    [InlineData(new byte[] { 0x61, 0xff }, new byte[] { 0x62 })]
    [InlineData(new byte[] { 0x61, 0xfe, 0xff, 0xff }, new byte[] { 0x61, 0xff })]
    [InlineData(new byte[] { 0xff, 0xff }, new byte[] { 0x00 })]
    [InlineData(new byte[0], new byte[] { 0x00 })]
    public void PrefixRangeEndMatchesClientV3(byte[] prefix, byte[] expected) =>
        Assert.Equal(expected, EtcdKeys.PrefixRangeEnd(prefix).ToByteArray());

    [Fact]
    public void KeysAreUtf8()
    {
        var key = "/registry/configmaps/ns/grüße";
        Assert.Equal(Encoding.UTF8.GetBytes(key), EtcdKeys.Encode(key).ToByteArray());
        Assert.Equal(key, EtcdKeys.Decode(EtcdKeys.Encode(key)));
    }
}
