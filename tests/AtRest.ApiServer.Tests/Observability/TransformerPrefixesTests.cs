using System.Text;
using AtRest.ApiServer.Observability;

namespace AtRest.ApiServer.Tests.Observability;

public sealed class TransformerPrefixesTests
{
    [Theory]
    [InlineData("k8s:enc:aescbc:v1:key1:\x01\x02", "k8s:enc:aescbc:v1:", "key1:")]
    [InlineData("k8s:enc:aesgcm:v1:second:xyz", "k8s:enc:aesgcm:v1:", "second:")]
    [InlineData("k8s:enc:secretbox:v1:key1:abc", "k8s:enc:secretbox:v1:", "key1:")]
    [InlineData("k8s:enc:kms:v2:vault:payload", "k8s:enc:kms:v2:vault:", null)]
    public void Encrypted_values_give_outer_and_inner_prefix(string stored, string outer, string? inner)
    {
        var parsed = TransformerPrefixes.Parse(Encoding.Latin1.GetBytes(stored));
        Assert.NotNull(parsed);
        Assert.Equal(outer, parsed.Value.Outer);
        Assert.Equal(inner, parsed.Value.Inner);
    }

    [Theory]
    [InlineData("k8s\0\n\u0002v1\u0012\u0006Secret")]
    [InlineData("{\"kind\":\"Secret\"}")]
    [InlineData("k8s:enc:")]
    [InlineData("")]
    public void Plain_values_have_no_prefix(string stored) => Assert.Null(TransformerPrefixes.Parse(Encoding.Latin1.GetBytes(stored)));
}
