using System.Text;
using AtRest.KmsPlugin.Hosting;

namespace AtRest.Cli.Tests.KmsPlugin;

/// <summary>
/// The plugin's <c>:authority</c> fix for grpc-go clients on a unix socket, on hand-built HPACK blocks
/// (RFC 7541: 0x82 = indexed :method GET, 0x41 = literal :authority with incremental indexing, 0x01 = without indexing).
/// </summary>
public sealed class HpackAuthorityTests
{
    [Fact]
    public void A_socket_path_becomes_a_host_name_of_the_same_length()
    {
        const string path = "/var/run/kms/plugin.sock";
        byte[] block = [0x82, 0x41, (byte)path.Length, .. Encoding.ASCII.GetBytes(path), 0x86];

        Assert.True(HpackAuthority.TryRewrite(block));

        Assert.Equal(3 + path.Length + 1, block.Length);
        Assert.Equal((byte)path.Length, block[2]);
        Assert.Equal("localhostxxxxxxxxxxxxxxx", Encoding.ASCII.GetString(block, 3, path.Length));
        Assert.Equal(0x82, block[0]);
        Assert.Equal(0x86, block[^1]);
    }

    [Fact]
    public void A_Huffman_coded_value_is_replaced_by_raw_text_of_the_same_byte_length()
    {
        // The Huffman bytes are not inspected: any Huffman-coded :authority is replaced.
        byte[] block = [0x01, 0x80 | 5, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5];

        Assert.True(HpackAuthority.TryRewrite(block));

        Assert.Equal(5, block[1]);
        Assert.Equal("local", Encoding.ASCII.GetString(block, 2, 5));
    }

    [Fact]
    public void A_valid_host_and_other_fields_are_left_alone()
    {
        byte[] original = [0x82, 0x41, 9, .. "localhost"u8, 0x44, 4, .. "/a/b"u8];
        var block = original.ToArray();

        Assert.True(HpackAuthority.TryRewrite(block));

        Assert.Equal(original, block);
    }

    [Fact]
    public void A_value_longer_than_the_block_is_reported_as_malformed()
    {
        byte[] block = [0x41, 20, .. "/short"u8];
        Assert.False(HpackAuthority.TryRewrite(block));
    }
}
