using AtRest.ApiServer.Security;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// The real <c>atrest server</c> process with two kubeconfigs: the generated admin one (system:masters) and one for
/// <c>CN=bob, O=developers</c>, a certificate from the server's own CA that is not an admin.
/// </summary>
public sealed class AuthReviewServer : IAsyncLifetime
{
    private readonly TempDirectory _scratch = new("auth-review");

    /// <summary>The server.</summary>
    public AtRestServer Server { get; private set; } = null!;

    /// <summary>A kubeconfig that authenticates as bob (groups developers, system:authenticated).</summary>
    public string BobKubeconfig => _scratch.File("bob.kubeconfig");

    /// <summary>A fresh folder for one test's kubectl HOME and cache.</summary>
    public string NewScratch(string name)
    {
        var path = _scratch.File($"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public async ValueTask InitializeAsync()
    {
        var data = _scratch.File("data");
        Server = await AtRestServer.StartAsync(data, cancellationToken: TestContext.Current.CancellationToken);
        var paths = new CredentialPaths(data);
        using var authority = CertificateAuthority.Load(paths.CaCertificate, paths.CaKey);
        using var bob = authority.IssueClientCertificate("bob", ["developers"]);
        await File.WriteAllTextAsync(BobKubeconfig, KubeconfigWriter.Build(Server.Url, await File.ReadAllTextAsync(paths.CaCertificate, TestContext.Current.CancellationToken), bob),
            TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _scratch.Dispose();
    }
}
