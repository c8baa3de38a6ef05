using System.Net;
using System.Security.Cryptography;
using System.Text;
using AtRest.ApiServer.Tests.Audit;
using AtRest.ApiServer.Tests.Hostile;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// The real <c>atrest server</c> process (audit log on, every request at Metadata) with namespaces a, b and c, each
/// holding the secrets <c>app-token</c> and <c>db</c> (fresh random values), the configmap <c>settings</c>, the Role
/// <c>matrix-role</c> and the RoleBinding <c>matrix-binding</c>, and the users of <see cref="AuthorizationMatrixTable"/>
/// bound as it describes, all created through the API by the admin. A client per user presents a certificate from the
/// server's CA (CN = user, O = groups).
/// </summary>
public sealed class AuthorizationMatrixServer : IAsyncLifetime
{
    /// <summary>The namespaces the fixture fills.</summary>
    public static readonly string[] Namespaces = ["a", "b", "c"];

    private static readonly TimeSpan PolicyTimeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _scratch = new("authz-matrix");
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];
    private HostileServerProcess? _process;

    /// <summary>The server process.</summary>
    internal HostileServerProcess Process => _process ?? throw new InvalidOperationException("the matrix server is not started");

    /// <summary>The audit log.</summary>
    internal AuditLogFile AuditLog => new(_scratch.File("audit.log"));

    /// <summary>
    /// Every secret value the fixture wrote or a matrix request carries, as text; a refused request must not show any of
    /// them, nor their base64 (<see cref="Forms"/>).
    /// </summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>The value of secret <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public string ValueOf(string ns, string name) => SecretValue(ns, name);

    /// <summary>The value a matrix create or update of a secret sends.</summary>
    public string RequestValue { get; } = "matrix-request-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The client of <paramref name="user"/> (<c>admin</c> is the generated system:masters certificate).</summary>
    internal HttpClient ClientOf(string user) => _clients[user];

    /// <summary>The server's log, for failure messages.</summary>
    public string ServerLog => Process.Server.Log;

    /// <summary>The forms in which <paramref name="value"/> could leak: as is and base64 (JSON's form of bytes).</summary>
    public static IEnumerable<string> Forms(string value) => [value, Convert.ToBase64String(Encoding.UTF8.GetBytes(value))];

    public async ValueTask InitializeAsync()
    {
        _process = await HostileServerProcess.StartAsync("--audit-log-path", _scratch.File("audit.log"));
        _values.Add(RequestValue);
        _clients["admin"] = Process.AdminClient();
        foreach (var (user, groups) in new (string, string[])[]
                 {
                     ("app", []), ("editor", []), ("viewer", []), ("auditor", ["auditors"]), ("stranger", []), ("gina", ["team-b"]),
                 })
        {
            _clients[user] = Process.Client(Process.Authority.IssueClientCertificate(user, groups));
        }

        var admin = _clients["admin"];
        foreach (var ns in Namespaces)
        {
            await CreateAsync(admin, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
            foreach (var secret in new[] { "app-token", "db" })
            {
                var value = SecretValue(ns, secret);
                _values.Add(value);
                await CreateAsync(admin, $"/api/v1/namespaces/{ns}/secrets",
                    $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{secret}}}"},"data":{"value":"{{{Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}}}"}}""");
            }

            await CreateAsync(admin, $"/api/v1/namespaces/{ns}/configmaps",
                """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"mode":"matrix"}}""");
            await CreateAsync(admin, Rbac($"namespaces/{ns}/roles"), RoleJson("matrix-role", """[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"]}]"""));
            await CreateAsync(admin, Rbac($"namespaces/{ns}/rolebindings"), BindingJson("RoleBinding", "matrix-binding", "ClusterRole", "view", "User", "nobody"));
        }

        await CreateAsync(admin, Rbac("namespaces/a/roles"),
            RoleJson("app-token-reader", """[{"apiGroups":[""],"resources":["secrets"],"resourceNames":["app-token"],"verbs":["get","list","watch"]}]"""));
        await CreateAsync(admin, Rbac("namespaces/a/rolebindings"), BindingJson("RoleBinding", "app", "Role", "app-token-reader", "User", "app"));
        await CreateAsync(admin, Rbac("namespaces/a/rolebindings"), BindingJson("RoleBinding", "editor", "ClusterRole", "edit", "User", "editor"));
        await CreateAsync(admin, Rbac("clusterrolebindings"), BindingJson("ClusterRoleBinding", "viewer", "ClusterRole", "view", "User", "viewer"));
        await CreateAsync(admin, Rbac("clusterroles"), $$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"secret-lister"},
             "rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["list"]}]}
            """);
        await CreateAsync(admin, Rbac("clusterrolebindings"), BindingJson("ClusterRoleBinding", "auditor", "ClusterRole", "secret-lister", "User", "auditor"));
        await CreateAsync(admin, Rbac("namespaces/b/rolebindings"), BindingJson("RoleBinding", "team-b-admins", "ClusterRole", "admin", "Group", "team-b"));

        // The policy may be applied a moment after the write (a store-backed cache): wait until each binding is in force.
        await WaitAllowedAsync("app", "/api/v1/namespaces/a/secrets/app-token");
        await WaitAllowedAsync("editor", "/api/v1/namespaces/a/secrets/db");
        await WaitAllowedAsync("viewer", "/api/v1/configmaps");
        await WaitAllowedAsync("auditor", "/api/v1/secrets");
        await WaitAllowedAsync("gina", "/api/v1/namespaces/b/secrets/db");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _scratch.Dispose();
    }

    /// <summary>The RBAC API path of <paramref name="rest"/>.</summary>
    public static string Rbac(string rest) => "/apis/rbac.authorization.k8s.io/v1/" + rest;

    /// <summary>A Role whose rules are the JSON array <paramref name="rules"/>.</summary>
    public static string RoleJson(string name, string rules) =>
        $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"{{name}}"},"rules":{{rules}}}""";

    /// <summary>A RoleBinding or ClusterRoleBinding of one subject.</summary>
    public static string BindingJson(string kind, string name, string roleKind, string role, string subjectKind, string subject) =>
        $$"""
        {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"{{kind}}","metadata":{"name":"{{name}}"},
         "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{roleKind}}","name":"{{role}}"},
         "subjects":[{"kind":"{{subjectKind}}","apiGroup":"rbac.authorization.k8s.io","name":"{{subject}}"}]}
        """;

    private string SecretValue(string ns, string name) =>
        $"{ns}-{name}-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(RequestValue + "/" + ns + "/" + name)))[..24];

    private async Task CreateAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content, TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException(
                $"set-up POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}\n" +
                $"server log:\n{ServerLog}");
        }
    }

    private async Task WaitAllowedAsync(string user, string path)
    {
        var deadline = DateTime.UtcNow + PolicyTimeout;
        while (true)
        {
            using var response = await _clients[user].GetAsync(path, TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"{user}'s binding is not in force after {PolicyTimeout.TotalSeconds} s: GET {path} answered {(int)response.StatusCode} " +
                    $"{await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}\nserver log:\n{ServerLog}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
