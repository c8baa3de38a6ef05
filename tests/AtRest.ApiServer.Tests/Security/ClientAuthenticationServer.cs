using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Security;

/// <summary>
/// The real <c>atrest server</c> process started with <c>--client-ca-file</c> (a bundle holding an external CA made by
/// the test) and <c>--token-auth-file</c> (two users, one with groups and a uid, one with neither, and a line with an
/// empty token).
/// </summary>
public sealed class ClientAuthenticationServer : IAsyncLifetime
{
    public const string TinaToken = "tina-0123456789abcdef0123456789abcdef";
    public const string UmaToken = "uma-fedcba9876543210fedcba9876543210";

    private readonly TempDirectory _scratch = new("client-authn");

    /// <summary>The token file.</summary>
    public string TokenFile => _scratch.File("tokens.csv");

    /// <summary>The server.</summary>
    public AtRestServer Server { get; private set; } = null!;

    /// <summary>The CA given with --client-ca-file.</summary>
    internal ExternalCertificateAuthority External { get; } = new("acme-client-ca");

    /// <summary>A fresh folder for one test's files and kubectl HOME.</summary>
    public string NewScratch(string name)
    {
        var path = _scratch.File($"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public async ValueTask InitializeAsync()
    {
        var bundle = _scratch.File("client-ca.pem");
        using var unrelated = new ExternalCertificateAuthority("unrelated-ca");
        await File.WriteAllTextAsync(bundle, unrelated.Pem + External.Pem, TestContext.Current.CancellationToken);
        var tokens = _scratch.File("tokens.csv");
        await File.WriteAllTextAsync(tokens,
            $"{TinaToken},tina,uid-tina-42,\"readers,system:auditors\",extra column\n{UmaToken},uma,uid-uma\n,nobody,uid-0\n",
            TestContext.Current.CancellationToken);
        Server = await AtRestServer.StartAsync(_scratch.File("data"), ["--client-ca-file", bundle, "--token-auth-file", tokens],
            TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        External.Dispose();
        _scratch.Dispose();
    }
}
