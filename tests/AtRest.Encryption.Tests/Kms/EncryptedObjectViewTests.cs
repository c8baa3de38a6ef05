using System.Text;
using AtRest.Encryption.Kms;
using AtRest.Encryption.Kms.Stored;
using Google.Protobuf;

namespace AtRest.Encryption.Tests.Kms;

/// <summary>The zero-copy EncryptedObject view reads what the generated parser reads, and fails with its texts.</summary>
public sealed class EncryptedObjectViewTests
{
    public static TheoryData<string> WellFormed() => new()
    {
        "plain",
        "annotations",
        "duplicate fields",
        "unknown fields",
        "empty",
        "enum with a ten-byte varint",
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void It_reads_the_fields_the_generated_parser_reads(string name)
    {
        var bytes = Build(name);
        var expected = EncryptedObject.Parser.ParseFrom(bytes);

        var view = EncryptedObjectView.Parse(bytes, out var error);

        Assert.Null(error);
        Assert.Equal(expected.EncryptedData.ToByteArray(), view.EncryptedData.ToArray());
        Assert.Equal(expected.KeyID, view.KeyId);
        Assert.Equal(expected.EncryptedDEKSource.ToByteArray(), view.EncryptedDekSource.ToArray());
        Assert.Equal((int)expected.EncryptedDEKSourceType, view.Type);
        Assert.Equal(
            expected.Annotations.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, Convert.ToHexString(a.Value.Span))),
            view.AnnotationMap().Select(a => (a.Key, Convert.ToHexString(a.Value.Span))));
    }

    [Fact]
    public void The_payload_is_a_slice_of_the_stored_value_not_a_copy()
    {
        var bytes = Build("plain");
        var view = EncryptedObjectView.Parse(bytes, out _);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(view.EncryptedData, out var segment));
        Assert.Same(bytes, segment.Array);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 1, 2 })]
    [InlineData(new byte[] { 0x12, 0x02, 0xC3, 0x28 })]
    [InlineData(new byte[] { 0x0F })]
    [InlineData(new byte[] { 0x28, 0x80 })]
    [InlineData(new byte[] { 0x00, 0x01 })]
    public void Malformed_input_fails_with_the_generated_parser_text(byte[] bytes)
    {
        var expected = Assert.Throws<InvalidProtocolBufferException>(() => EncryptedObject.Parser.ParseFrom(bytes));

        EncryptedObjectView.Parse(bytes, out var error);

        Assert.Equal(expected.Message, error);
    }

    private static byte[] Build(string name)
    {
        var obj = new EncryptedObject
        {
            EncryptedData = ByteString.CopyFrom(Enumerable.Range(0, 200).Select(i => (byte)i).ToArray()),
            KeyID = "key-ü-1",
            EncryptedDEKSource = ByteString.CopyFromUtf8("wrapped seed"),
            EncryptedDEKSourceType = EncryptedDEKSourceType.HkdfSha256XnonceAesGcmSeed,
        };
        switch (name)
        {
            case "plain":
                return obj.ToByteArray();
            case "annotations":
                obj.Annotations.Add("b.example.com", ByteString.CopyFromUtf8("2"));
                obj.Annotations.Add("a.example.com", ByteString.Empty);
                return obj.ToByteArray();
            case "duplicate fields":
                // A later field wins; a later map entry for the same key wins.
                var again = new EncryptedObject { KeyID = "second", EncryptedData = ByteString.CopyFromUtf8("x") };
                again.Annotations.Add("a.example.com", ByteString.CopyFromUtf8("old"));
                var last = new EncryptedObject();
                last.Annotations.Add("a.example.com", ByteString.CopyFromUtf8("new"));
                return [.. obj.ToByteArray(), .. again.ToByteArray(), .. last.ToByteArray()];
            case "unknown fields":
                // field 9 varint, field 10 fixed64, field 11 fixed32, field 12 bytes, field 1 as varint (wrong wire type).
                return [.. obj.ToByteArray(), 0x48, 0x96, 0x01, 0x51, 1, 2, 3, 4, 5, 6, 7, 8, 0x5D, 1, 2, 3, 4, 0x62, 0x02, 9, 9, 0x08, 0x01];
            case "empty":
                return [];
            case "enum with a ten-byte varint":
                return [.. obj.ToByteArray(), 0x28, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
            default:
                throw new ArgumentException($"no input named {name}", nameof(name));
        }
    }

    [Fact]
    public void Key_ids_are_compared_as_utf8()
    {
        var view = EncryptedObjectView.Parse(Build("plain"), out _);
        Assert.Equal(Encoding.UTF8.GetBytes("key-ü-1"), view.KeyIdUtf8.ToArray());
    }
}
