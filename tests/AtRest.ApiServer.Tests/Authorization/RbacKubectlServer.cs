using AtRest.ApiServer.Tests.EndToEnd;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// The real <c>atrest server</c> process, with kubeconfigs made by <c>atrest kubeconfig --user NAME --group G</c> for
/// users who hold nothing until a test binds them: <c>app</c> (group <c>apps</c>) and <c>lead</c> (group <c>leads</c>).
/// </summary>
public sealed class RbacKubectlServer : IAsyncLifetime
{
    private readonly TempDirectory _scratch = new("rbac-kubectl");

    /// <summary>The server.</summary>
    public AtRestServer Server { get; private set; } = null!;

    /// <summary>The kubectl runs a theory row drives: 32 is the dispatcher (it picks 1.32 from /version), 0 Debian's 1.20.</summary>
    public static TheoryData<int> Kubectls => KubectlBinaries.Debian120 is null ? new(32) : new(32, 0);

    /// <summary>Kubectl as <paramref name="user"/> (<c>admin</c>, <c>app</c> or <c>lead</c>) with kubectl <paramref name="minor"/>.</summary>
    internal EndToEnd.Kubectl As(string user, int minor) => new(
        minor == 0 ? KubectlBinaries.ForMinor(0) : KubectlBinaries.Dispatcher,
        user == "admin" ? Server.KubeconfigPath : _scratch.File($"{user}.kubeconfig"),
        NewScratch($"{user}-{minor}"));

    /// <summary>A file in the fixture's scratch folder.</summary>
    public string File(string name) => _scratch.File(name);

    public async ValueTask InitializeAsync()
    {
        var data = _scratch.File("data");
        Server = await AtRestServer.StartAsync(data, cancellationToken: TestContext.Current.CancellationToken);
        foreach (var (user, group) in new[] { ("app", "apps"), ("lead", "leads") })
        {
            var (exitCode, _, stderr) = await AtRestServer.RunCliAsync(
                ["kubeconfig", "--user", user, "--group", group, "--data-dir", data, "-o", _scratch.File($"{user}.kubeconfig")],
                TestContext.Current.CancellationToken);
            Assert.True(exitCode == 0, $"atrest kubeconfig --user {user} failed: {stderr}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _scratch.Dispose();
    }

    private string NewScratch(string name)
    {
        var path = _scratch.File($"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
