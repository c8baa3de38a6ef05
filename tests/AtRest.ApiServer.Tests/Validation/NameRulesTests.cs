using AtRest.ApiServer.Validation;

namespace AtRest.ApiServer.Tests.Validation;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("a.b-c", true)]
    [InlineData("A", false)]
    [InlineData("-a", false)]
    [InlineData("a_b", false)]
    [InlineData("a\n", false)]
    public void Dns1123Subdomain(string name, bool valid) => Assert.Equal(valid, NameRules.IsDns1123Subdomain(name).Count == 0);

    [Fact]
    public void Dns1123Subdomain_TooLong_NamesTheLimit() =>
        Assert.Contains("must be no more than 253 characters", NameRules.IsDns1123Subdomain(new string('a', 254)));

    [Theory]
    [InlineData("team-a", true)]
    [InlineData("a.b", false)]
    public void Dns1123Label(string name, bool valid) => Assert.Equal(valid, NameRules.IsDns1123Label(name).Count == 0);

    [Theory]
    [InlineData("key.name", new string[0])]
    [InlineData("KEY_NAME", new string[0])]
    [InlineData(".", new[] { "must not be '.'" })]
    [InlineData("..", new[] { "must not be '..'" })]
    [InlineData("..a", new[] { "must not start with '..'" })]
    public void ConfigMapKey(string key, string[] expected) => Assert.Equal(expected, NameRules.IsConfigMapKey(key));

    [Fact]
    public void ConfigMapKey_BadCharacter_UsesUpstreamText() =>
        Assert.Equal(
            ["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
            NameRules.IsConfigMapKey("a/b"));

    [Fact]
    public void LabelRules_QualifiedNameAndValue()
    {
        Assert.Empty(LabelRules.IsQualifiedName("example.com/app"));
        Assert.NotEmpty(LabelRules.IsQualifiedName("a/b/c"));
        Assert.NotEmpty(LabelRules.IsQualifiedName("-x"));
        Assert.Empty(LabelRules.IsValidLabelValue(""));
        Assert.NotEmpty(LabelRules.IsValidLabelValue(new string('a', 64)));
    }
}
