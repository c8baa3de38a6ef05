using AtRest.Encryption.Configuration.Validation;

namespace AtRest.Encryption.Tests.Configuration.Validation;

/// <summary>The Go renderings that error messages depend on.</summary>
public sealed class GoFormattingTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "1ns")]
    [InlineData(1_500L, "1.5µs")]
    [InlineData(500_000_000L, "500ms")]
    [InlineData(3_000_000_000L, "3s")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(90_000_000_000L, "1m30s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(-90_000_000_000L, "-1m30s")]
    public void DurationFormatsLikeGo(long nanoseconds, string expected) => Assert.Equal(expected, GoDuration.Format(nanoseconds));

    [Theory]
    [InlineData("3s", 3_000_000_000L)]
    [InlineData("1m30s", 90_000_000_000L)]
    [InlineData("1.5h", 5_400_000_000_000L)]
    [InlineData("500ms", 500_000_000L)]
    [InlineData("-2s", -2_000_000_000L)]
    [InlineData("0", 0L)]
    public void DurationParsesLikeGo(string text, long expected)
    {
        Assert.True(GoDuration.TryParse(text, out var value, out var error), error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("3", "time: missing unit in duration \"3\"")]
    [InlineData("abc", "time: invalid duration \"abc\"")]
    [InlineData("3sec", "time: unknown unit \"sec\" in duration \"3sec\"")]
    [InlineData("", "time: invalid duration \"\"")]
    public void DurationErrorsAreGos(string text, string expected)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("tab\there\n", "\"tab\\there\\n\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("é", "\"é\"")]
    [InlineData("\u200b", "\"\\u200b\"")]
    public void QuoteMatchesStrconvQuote(string value, string expected) => Assert.Equal(expected, GoFormat.Quote(value));

    [Theory]
    [InlineData("c2VjcmV0IGlzIHNlY3VyZQ==", 16)]
    [InlineData("c2VjcmV0IGlz\nIHNlY3VyZQ==", 16)]
    [InlineData("c2VjcmV0IGlz\r\nIHNlY3VyZQ==", 16)]
    [InlineData("YWI=", 2)]
    [InlineData("", 0)]
    public void Base64AcceptsWhatGoStdEncodingAccepts(string text, int length) =>
        Assert.Equal(length, GoBase64.TryDecode(text, out _)?.Length);

    [Theory]
    [InlineData("c2VjcmV0IGlzIHNlY3VyZQ")]
    [InlineData("c2VjcmV0 IGlzIHNlY3VyZQ==")]
    [InlineData("c2VjcmV0IGlzIHNlY3VyZQ==\t")]
    [InlineData("e0_-tts8FS254BZimFZWtUsOCOUDSkvzB72PyimMlkY=")]
    [InlineData("YW==YWI=")]
    [InlineData("Y===")]
    public void Base64RejectsWhatGoStdEncodingRejects(string text) => Assert.Null(GoBase64.TryDecode(text, out _));

    [Theory]
    [InlineData("unix:///tmp/kms.sock", "unix")]
    [InlineData("UNIX:///tmp/kms.sock", "unix")]
    [InlineData("/tmp/kms.sock", "")]
    [InlineData("tcp://host:1", "tcp")]
    public void UrlSchemeIsLowerCasedAsGoDoes(string url, string scheme) => Assert.Equal(scheme, GoUrl.TryGetScheme(url, out _));

    [Theory]
    [InlineData(":x", "parse \":x\": missing protocol scheme")]
    [InlineData("a b:c/d", "parse \"a b:c/d\": first path segment in URL cannot contain colon")]
    [InlineData("unix:///%zz", "parse \"unix:///%zz\": invalid URL escape \"%zz\"")]
    [InlineData("unix:///\u0001", "parse \"unix:///\\x01\": net/url: invalid control character in URL")]
    public void UrlErrorsAreGos(string url, string expected)
    {
        Assert.Null(GoUrl.TryGetScheme(url, out var error));
        Assert.Equal(expected, error);
    }
}
