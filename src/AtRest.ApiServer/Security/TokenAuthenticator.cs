using System.Security.Cryptography;
using System.Text;

namespace AtRest.ApiServer.Security;

/// <summary>
/// Bearer tokens (the admin token and <c>--token-auth-file</c>'s), checked in constant time: the presented token is
/// hashed with SHA-256 and compared with every known token's hash by <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// with no early exit, so neither a match's position nor a shared prefix shows in the response time (a dictionary
/// lookup on the raw token would leak both).
/// </summary>
public sealed class TokenAuthenticator
{
    private readonly (byte[] Hash, AuthenticatedUser User)[] _tokens;

    /// <summary>Knows <paramref name="tokens"/>; the tokens themselves are not kept, only their hashes.</summary>
    public TokenAuthenticator(IEnumerable<(string Token, AuthenticatedUser User)> tokens)
        : this(tokens, CryptographicOperations.FixedTimeEquals)
    {
    }

    /// <summary>As the public constructor, comparing with <paramref name="comparer"/> (tests record the comparisons).</summary>
    internal TokenAuthenticator(IEnumerable<(string Token, AuthenticatedUser User)> tokens, TokenHashComparer comparer)
    {
        _tokens = tokens.Select(entry => (Hash(entry.Token), entry.User)).ToArray();
        Comparer = comparer;
    }

    /// <summary>How hashes are compared: <see cref="CryptographicOperations.FixedTimeEquals"/> outside tests.</summary>
    internal TokenHashComparer Comparer { get; }

    /// <summary>How many tokens are known.</summary>
    public int Count => _tokens.Length;

    /// <summary>The user whose token is <paramref name="token"/>, or null.</summary>
    public AuthenticatedUser? Authenticate(ReadOnlySpan<char> token)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(token.ToArray());
        SHA256.HashData(bytes, presented);
        CryptographicOperations.ZeroMemory(bytes);
        AuthenticatedUser? found = null;
        foreach (var (hash, user) in _tokens)
        {
            // Every entry is compared, the match included: the loop's length does not depend on the token.
            if (Comparer(presented, hash))
            {
                found ??= user;
            }
        }

        return found;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
