using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Tests.Security;

public sealed class TokenAuthenticatorTests
{
    private static readonly (string Token, AuthenticatedUser User)[] Tokens =
    [
        ("token-one", AuthenticatedUser.Authenticated("one", [])),
        ("token-two", AuthenticatedUser.Authenticated("two", ["g"], "uid-2")),
        ("token-three", AuthenticatedUser.Authenticated("three", [])),
    ];

    [Fact]
    public void Outside_tests_hashes_are_compared_with_FixedTimeEquals()
    {
        var authenticator = new TokenAuthenticator(Tokens);
        var fixedTime = typeof(CryptographicOperations).GetMethod(nameof(CryptographicOperations.FixedTimeEquals),
            BindingFlags.Public | BindingFlags.Static, [typeof(ReadOnlySpan<byte>), typeof(ReadOnlySpan<byte>)]);
        Assert.Equal(fixedTime, authenticator.Comparer.Method);
    }

    [Theory]
    [InlineData("token-one", "one")]
    [InlineData("token-three", "three")]
    [InlineData("token-", null)]
    [InlineData("token-onex", null)]
    [InlineData("", null)]
    public void Every_known_hash_is_compared_whatever_the_token_and_only_hashes_are_compared(string presented, string? expected)
    {
        var comparisons = new List<(byte[] Presented, byte[] Known)>();
        var authenticator = new TokenAuthenticator(Tokens, (a, b) =>
        {
            comparisons.Add((a.ToArray(), b.ToArray()));
            return CryptographicOperations.FixedTimeEquals(a, b);
        });

        Assert.Equal(expected, authenticator.Authenticate(presented)?.Name);

        // No early exit: a match first, last or nowhere costs the same number of comparisons, of equal-length hashes.
        Assert.Equal(Tokens.Length, comparisons.Count);
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        Assert.All(comparisons, pair =>
        {
            Assert.Equal(presentedHash, pair.Presented);
            Assert.Equal(32, pair.Known.Length);
        });
        Assert.Equal(Tokens.Select(entry => SHA256.HashData(Encoding.UTF8.GetBytes(entry.Token))), comparisons.Select(pair => pair.Known));
    }

    [Fact]
    public void The_user_keeps_uid_and_groups()
    {
        var user = new TokenAuthenticator(Tokens).Authenticate("token-two");
        Assert.NotNull(user);
        Assert.Equal("uid-2", user.Uid);
        Assert.Equal(["g", "system:authenticated"], user.Groups);
    }
}
