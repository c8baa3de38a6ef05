using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Tests.Security;

/// <summary>The records and errors are those Go 1.19's encoding/csv gives for the same input (FieldsPerRecord = -1).</summary>
public sealed class GoCsvReaderTests
{
    [Fact]
    public void Reads_quoted_fields_escaped_quotes_and_skips_empty_lines()
    {
        var records = GoCsvReader.Read("\"a\"\"b\",u,1,\"g1,g2\",extra\r\n\r\n  t,u,v\nlast,,\n");
        Assert.Equal([1, 3, 4], records.Select(record => record.Line));
        Assert.Equal(["a\"b", "u", "1", "g1,g2", "extra"], records[0].Fields);
        Assert.Equal(["  t", "u", "v"], records[1].Fields);
        Assert.Equal(["last", "", ""], records[2].Fields);
    }

    [Fact]
    public void A_quoted_field_may_span_lines()
    {
        var records = GoCsvReader.Read("x,\"multi\nline\",z\nnext,b,c");
        Assert.Equal(["x", "multi\nline", "z"], records[0].Fields);
        Assert.Equal(3, records[1].Line);
        Assert.Equal(["next", "b", "c"], records[1].Fields);
    }

    [Theory]
    [InlineData("a,b\"c,d\n", "parse error on line 1, column 4: bare \" in non-quoted-field")]
    [InlineData("a,\"b\"x,c\n", "parse error on line 1, column 5: extraneous or missing \" in quoted-field")]
    [InlineData("ok,u,1\na,\"unterminated,c\n", "parse error on line 2, column 19: extraneous or missing \" in quoted-field")]
    [InlineData("x,y,z\n\"multi\nline\"q,b,c\n", "record on line 2; parse error on line 3, column 5: extraneous or missing \" in quoted-field")]
    [InlineData("é,\"b\"x,c\n", "parse error on line 1, column 6: extraneous or missing \" in quoted-field")]
    public void Malformed_records_fail_with_Go_message(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => GoCsvReader.Read(text));
        Assert.Equal(message, error.Message);
    }
}
