using AtRest.ApiServer.Tests.Audit;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Security;

/// <summary>
/// The real <c>atrest server</c> process writing its audit log (every request at <c>Metadata</c>, secrets at
/// <c>Request</c>, <c>/version</c> not at all), with two kubeconfigs: the generated admin one (system:masters) and one
/// <c>atrest kubeconfig</c> issued for alice (group team-a), who holds no RBAC rule beyond kube's defaults.
/// </summary>
public sealed class ImpersonationServer : IAsyncLifetime
{
    private const string Policy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
        - level: None
          nonResourceURLs: ["/version", "/version/*"]
        - level: Request
          resources:
          - group: ""
            resources: ["secrets"]
        - level: Metadata
        """;

    /// <summary>The server and its audit log.</summary>
    internal AuditServer Audit { get; private set; } = null!;

    /// <summary>The admin kubeconfig.</summary>
    public string AdminKubeconfig => Audit.Process.Server.KubeconfigPath;

    /// <summary>A kubeconfig for alice (groups team-a, system:authenticated).</summary>
    public string AliceKubeconfig => Audit.Directory.File("alice.kubeconfig");

    /// <summary>A fresh folder for one test's kubectl HOME and cache.</summary>
    public string NewScratch(string name)
    {
        var path = Audit.Directory.File($"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public async ValueTask InitializeAsync()
    {
        Audit = await AuditServer.StartAsync(Policy);
        var issued = await AtRestServer.RunCliAsync(
            ["kubeconfig", "--user", "alice", "--group", "team-a", "--data-dir", Audit.Process.Server.DataDirectory, "-o", AliceKubeconfig],
            TestContext.Current.CancellationToken);
        Assert.True(issued.ExitCode == 0, $"atrest kubeconfig failed: {issued.Stderr}\nserver log:\n{Audit.Process.Server.Log}");
    }

    public async ValueTask DisposeAsync() => await Audit.DisposeAsync();
}
