using AtRest.Cli.Commands.Kubeconfig;

namespace AtRest.Cli.Tests.Commands.Kubeconfig;

public sealed class ClientIdentityRequestTests
{
    [Fact]
    public void A_valid_request_keeps_user_groups_and_lifetime()
    {
        var errors = new List<string>();
        var request = ClientIdentityRequest.Validate("app-reader", ["team-a", "system:masters"], "1h30m", errors);
        Assert.Empty(errors);
        Assert.NotNull(request);
        Assert.Equal("app-reader", request.User);
        Assert.Equal(["team-a", "system:masters"], request.Groups);
        Assert.Equal(TimeSpan.FromMinutes(90), request.Lifetime);
        Assert.Equal(TimeSpan.FromDays(30), ClientIdentityRequest.Validate("u", [], ClientIdentityRequest.DefaultExpires, errors)!.Lifetime);
    }

    [Theory]
    [InlineData("", "720h", "--user must not be empty")]
    [InlineData(" bob", "720h", "--user \" bob\" starts or ends with white space")]
    [InlineData("bo\nb", "720h", "--user \"bo\\nb\" contains a control character")]
    [InlineData("a,b", "720h", "--user \"a,b\" contains a comma")]
    [InlineData("bob", "30d", "invalid argument \"30d\" for \"--expires\" flag: time: invalid duration \"30d\"")]
    [InlineData("bob", "0s", "--expires 0s must be positive")]
    public void A_bad_user_or_duration_is_named(string user, string expires, string error)
    {
        var errors = new List<string>();
        Assert.Null(ClientIdentityRequest.Validate(user, [], expires, errors));
        Assert.Equal([error], errors);
    }

    [Fact]
    public void Bad_groups_are_named_each()
    {
        var errors = new List<string>();
        var tooLong = new string('g', 65);
        Assert.Null(ClientIdentityRequest.Validate("bob", ["", tooLong, "dev", "dev", "system:unauthenticated"], "1h", errors));
        Assert.Equal(
            [
                "--group must not be empty",
                "--group \"gggggggggggggggg...\" is 65 characters long; a certificate name holds at most 64",
                "--group \"system:unauthenticated\" is the group of anonymous requests and cannot be given to a user",
                "--group \"dev\" is given more than once",
            ],
            errors);
    }
}
