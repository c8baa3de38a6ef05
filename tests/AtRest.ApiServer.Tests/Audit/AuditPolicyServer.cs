namespace AtRest.ApiServer.Tests.Audit;

/// <summary>
/// One server for <see cref="AuditLogTests"/>, with a policy that has a rule of every kind, so that each test can tell
/// from a request's level which rule matched.
/// </summary>
public sealed class AuditPolicyServer : IAsyncLifetime
{
    /// <summary>The policy: the first rule a request matches decides its level.</summary>
    public const string Policy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
        - level: None
          nonResourceURLs: ["/healthz*"]
        - level: None
          users: ["carol"]
        - level: Metadata
          userGroups: ["auditors"]
        - level: RequestResponse
          resources:
          - group: ""
            resources: ["secrets"]
            resourceNames: ["full"]
        - level: Request
          verbs: ["create", "update", "patch"]
          namespaces: ["req"]
        - level: Metadata
          resources:
          - group: ""
            resources: ["configmaps"]
          omitStages: ["RequestReceived"]
        - level: Metadata
          nonResourceURLs: ["/version", "/api*"]
        - level: Request
          resources:
          - group: ""
            resources: ["namespaces"]
        - level: Metadata
          verbs: ["watch"]
        """;

    internal AuditServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await AuditServer.StartAsync(Policy);
        var (response, body) = await AuditServer.SendAsync(Server.Admin, "setup-namespace", HttpMethod.Post, "/api/v1/namespaces",
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"req"}}""");
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
