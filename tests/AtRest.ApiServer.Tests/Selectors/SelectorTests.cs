using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Selectors;

namespace AtRest.ApiServer.Tests.Selectors;

public sealed class SelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["env"] = "prod", ["tier"] = "web", ["n"] = "5" };

    [Theory]
    [InlineData("env=prod", true)]
    [InlineData("env==prod", true)]
    [InlineData("env!=prod", false)]
    [InlineData("env in (dev, prod)", true)]
    [InlineData("env notin (prod)", false)]
    [InlineData("missing notin (prod)", true)]
    [InlineData("missing!=x", true)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("!missing", true)]
    [InlineData("env=prod,tier=web", true)]
    [InlineData("env=prod,tier=db", false)]
    [InlineData("n>4", true)]
    [InlineData("n<4", false)]
    [InlineData("example.com/key", false)]
    [InlineData("", true)]
    public void Label_Matches(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("env in prod")]
    [InlineData("env=(")]
    [InlineData("bad key=x")]
    [InlineData("env=a b")]
    [InlineData("n>x")]
    public void Label_Malformed_IsBadRequest(string selector)
    {
        var error = Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));
        Assert.Equal(400, error.Code);
    }

    [Fact]
    public void Field_EqualityAndInequalityWithEscapes()
    {
        var selector = FieldSelector.Parse(@"metadata.name=a\,b,type!=Opaque");

        Assert.True(selector.Matches(f => f == "metadata.name" ? "a,b" : "kubernetes.io/tls"));
        Assert.False(selector.Matches(f => f == "metadata.name" ? "a,b" : "Opaque"));
        Assert.Equal("a,b", selector.RequiredValue("metadata.name"));
    }

    [Fact]
    public void Field_WithoutOperator_IsBadRequest()
    {
        var error = Assert.Throws<ApiException>(() => FieldSelector.Parse("metadata.name"));
        Assert.Equal("invalid selector: 'metadata.name'; can't understand 'metadata.name'", error.Message);
    }
}
