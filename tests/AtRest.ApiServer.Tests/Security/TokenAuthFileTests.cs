using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Tests.Security;

public sealed class TokenAuthFileTests
{
    [Fact]
    public void Reads_users_uids_and_groups_and_ignores_extra_columns()
    {
        var warnings = new List<string>();
        var users = TokenAuthFile.Parse(
            "tok-alice,alice,uid-1,\"dev,ops\",ignored,also ignored\ntok-bob,bob,uid-2\ntok-carol,carol,,\"\"\n", "tokens.csv", warnings);

        Assert.Empty(warnings);
        Assert.Equal(["tok-alice", "tok-bob", "tok-carol"], users.Select(entry => entry.Token));
        var alice = users[0].User;
        Assert.Equal("alice", alice.Name);
        Assert.Equal("uid-1", alice.Uid);
        Assert.Equal(["dev", "ops", "system:authenticated"], alice.Groups);
        Assert.Equal(["system:authenticated"], users[1].User.Groups);
        Assert.Equal("uid-2", users[1].User.Uid);
        Assert.Equal(["system:authenticated"], users[2].User.Groups);
        Assert.Equal(string.Empty, users[2].User.Uid);
    }

    [Fact]
    public void A_record_with_fewer_than_three_columns_is_refused_with_kube_message_and_its_line()
    {
        var error = Assert.Throws<FormatException>(() =>
            TokenAuthFile.Parse("tok-a,alice,1\n\ntok-b,bob\n", "/etc/tokens.csv", new List<string>()));
        Assert.Equal(
            "token file '/etc/tokens.csv' must have at least 3 columns (token, user name, user uid), found 2 (line 3)",
            error.Message);
    }

    [Fact]
    public void A_quoting_error_names_the_flag_the_file_and_the_line()
    {
        var error = Assert.Throws<FormatException>(() =>
            TokenAuthFile.Parse("tok-a,alice,1\ntok-b,bo\"b,2\n", "/etc/tokens.csv", new List<string>()));
        Assert.Equal("--token-auth-file /etc/tokens.csv: parse error on line 2, column 9: bare \" in non-quoted-field", error.Message);
    }

    [Fact]
    public void Empty_tokens_are_skipped_and_a_repeated_token_keeps_its_last_record_with_warnings_that_hold_no_token()
    {
        var warnings = new List<string>();
        var users = TokenAuthFile.Parse(",nobody,0\nsecret-token-1,first,1\nsecret-token-1,second,2\n", "t.csv", warnings);

        var only = Assert.Single(users);
        Assert.Equal("second", only.User.Name);
        Assert.Equal(
            [
                "empty token has been found in token file 't.csv', record number '1' (line 1)",
                "duplicate token has been found in token file 't.csv', record number '3' (line 3)",
            ],
            warnings);
        Assert.DoesNotContain(warnings, warning => warning.Contains("secret-token-1", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unreadable_file_is_named()
    {
        using var directory = new AtRest.Tests.Shared.TempDirectory("token-file");
        var missing = directory.File("missing.csv");
        var error = Assert.Throws<FormatException>(() => TokenAuthFile.Load(missing, new List<string>()));
        Assert.StartsWith($"--token-auth-file: cannot read {missing}: ", error.Message, StringComparison.Ordinal);
    }
}
