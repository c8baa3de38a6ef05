using System.Security.Cryptography.X509Certificates;

namespace AtRest.ApiServer.Security;

/// <summary>What <c>--client-ca-file</c> and <c>--token-auth-file</c> add to the server's own CA and admin token.</summary>
/// <param name="ClientCertificateAuthorities">The extra CAs for client certificates.</param>
/// <param name="Tokens">The token file's users.</param>
/// <param name="Warnings">The token file's warnings (empty or repeated tokens).</param>
public sealed record ClientAuthenticationSources(
    X509Certificate2Collection ClientCertificateAuthorities,
    IReadOnlyList<(string Token, AuthenticatedUser User)> Tokens,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Reads the files that are given.</summary>
    /// <exception cref="FormatException">A file is unreadable or invalid; the message names the flag, the file and the line.</exception>
    public static ClientAuthenticationSources Load(string? clientCaFile, string? tokenAuthFile)
    {
        var warnings = new List<string>();
        var tokens = tokenAuthFile is null ? [] : TokenAuthFile.Load(tokenAuthFile, warnings);
        var authorities = clientCaFile is null ? [] : ClientCaBundle.Load(clientCaFile);
        return new ClientAuthenticationSources(authorities, tokens, warnings);
    }
}
