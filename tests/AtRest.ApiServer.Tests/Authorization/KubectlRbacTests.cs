using AtRest.ApiServer.Tests.EndToEnd;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// RBAC driven by the real kubectl (1.32 through the dispatcher, Debian's 1.20): <c>kubectl create
/// role/clusterrole/rolebinding/clusterrolebinding</c>, get/describe/apply/edit/delete and <c>-o yaml</c> of the four
/// kinds, <c>kubectl auth can-i [--list]</c> for a user given rights by a RoleBinding, one secret readable by
/// resourceNames, <c>kubectl auth reconcile</c>, and kube's escalation refusal.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KubectlRbacTests(RbacKubectlServer fixture) : IClassFixture<RbacKubectlServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static TheoryData<int> Kubectls => RbacKubectlServer.Kubectls;

    [Theory]
    [MemberData(nameof(Kubectls))]
    public async Task A_user_granted_get_on_one_secret_reads_it_and_nothing_else(int minor)
    {
        var ns = $"names-{minor}";
        var admin = fixture.As("admin", minor);
        var app = fixture.As("app", minor);
        (await admin.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await admin.RunAsync("create", "secret", "generic", "s1", "-n", ns, "--from-literal=user=one")).EnsureSuccess();
        (await admin.RunAsync("create", "secret", "generic", "s2", "-n", ns, "--from-literal=user=two")).EnsureSuccess();
        Assert.Equal("role.rbac.authorization.k8s.io/s1-reader created\n",
            (await admin.RunAsync("create", "role", "s1-reader", "--verb=get", "--resource=secrets", "--resource-name=s1", "-n", ns)).EnsureSuccess().Stdout);
        Assert.Equal("rolebinding.rbac.authorization.k8s.io/app-reads-s1 created\n",
            (await admin.RunAsync("create", "rolebinding", "app-reads-s1", "--role=s1-reader", "--user=app", "-n", ns)).EnsureSuccess().Stdout);

        await UntilAllowedAsync(app, "get", "secrets/s1", "-n", ns);

        Assert.Equal("b25l", (await app.RunAsync("get", "secret", "s1", "-n", ns, "-o", "jsonpath={.data.user}")).EnsureSuccess().Stdout);
        var other = await app.RunAsync("get", "secret", "s2", "-n", ns, "-o", "yaml");
        Assert.NotEqual(0, other.ExitCode);
        Assert.Equal("", other.Stdout);
        Assert.Contains($"Error from server (Forbidden): secrets \"s2\" is forbidden: User \"app\" cannot get resource \"secrets\" in API group \"\" in the namespace \"{ns}\"",
            other.Stderr, StringComparison.Ordinal);
        var list = await app.RunAsync("get", "secrets", "-n", ns);
        Assert.NotEqual(0, list.ExitCode);
        Assert.Contains($"secrets is forbidden: User \"app\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{ns}\"",
            list.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("dHdv", other.Stderr + list.Stderr, StringComparison.Ordinal);

        Assert.Equal("no\n", (await app.RunAsync("auth", "can-i", "get", "secrets/s2", "-n", ns)).Stdout);
        Assert.Equal("no\n", (await app.RunAsync("auth", "can-i", "list", "secrets", "-n", ns)).Stdout);
        var rules = (await app.RunAsync("auth", "can-i", "--list", "-n", ns)).EnsureSuccess().Stdout;
        Assert.Matches(@"\nsecrets\s+\[\]\s+\[s1\]\s+\[get\]\n", rules);
    }

    [Theory]
    [MemberData(nameof(Kubectls))]
    public async Task The_four_kinds_are_listed_described_applied_edited_and_deleted(int minor)
    {
        var ns = $"kinds-{minor}";
        var admin = fixture.As("admin", minor);
        (await admin.RunAsync("create", "namespace", ns)).EnsureSuccess();

        var clusterRoles = (await admin.RunAsync("get", "clusterroles")).EnsureSuccess().Stdout;
        Assert.Matches(@"^NAME\s+CREATED AT\n", clusterRoles);
        foreach (var name in new[] { "admin", "cluster-admin", "edit", "system:basic-user", "system:discovery", "view" })
        {
            Assert.Matches($@"\n{name}\s+\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n", clusterRoles);
        }

        Assert.Matches(@"\ncluster-admin\s+ClusterRole/cluster-admin\s+\S+\s+system:masters\s",
            (await admin.RunAsync("get", "clusterrolebindings", "-o", "wide")).EnsureSuccess().Stdout);

        var manifest = $"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: config-reader
              namespace: {ns}
            rules:
            - apiGroups: [""]
              resources: ["configmaps"]
              verbs: ["get"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: config-readers
              namespace: {ns}
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              name: config-reader
            subjects:
            - kind: Group
              name: readers
              apiGroup: rbac.authorization.k8s.io
            - kind: ServiceAccount
              name: robot
              namespace: {ns}
            """;
        Assert.Equal("role.rbac.authorization.k8s.io/config-reader created\nrolebinding.rbac.authorization.k8s.io/config-readers created\n",
            (await admin.RunAsync(["apply", "-f", "-"], manifest, editor: null)).EnsureSuccess().Stdout);
        Assert.Equal("role.rbac.authorization.k8s.io/config-reader configured\nrolebinding.rbac.authorization.k8s.io/config-readers unchanged\n",
            (await admin.RunAsync(["apply", "-f", "-"], manifest.Replace("verbs: [\"get\"]", "verbs: [\"get\", \"list\"]", StringComparison.Ordinal), editor: null))
            .EnsureSuccess().Stdout);

        var yaml = (await admin.RunAsync("get", "role", "config-reader", "-n", ns, "-o", "yaml")).EnsureSuccess().Stdout;
        Assert.StartsWith("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n", yaml, StringComparison.Ordinal);
        Assert.Contains("  verbs:\n  - get\n  - list\n", yaml, StringComparison.Ordinal);
        Assert.Matches(@"\nconfig-readers\s+Role/config-reader\s+\S+\s+readers\s+" + ns + @"/robot\n",
            (await admin.RunAsync("get", "rolebindings", "-n", ns, "-o", "wide")).EnsureSuccess().Stdout);

        var described = (await admin.RunAsync("describe", "role", "config-reader", "-n", ns)).EnsureSuccess().Stdout;
        Assert.Matches(@"Name:\s+config-reader\n", described);
        Assert.Matches(@"\n\s+configmaps\s+\[\]\s+\[\]\s+\[get list\]\n", described);
        var describedBinding = (await admin.RunAsync("describe", "rolebinding", "config-readers", "-n", ns)).EnsureSuccess().Stdout;
        Assert.Matches(@"Role:\n\s+Kind:\s+Role\n\s+Name:\s+config-reader\n", describedBinding);
        Assert.Matches(@"\n\s+Group\s+readers\s*\n", describedBinding);

        // kubectl runs an editor with spaces through the shell, with the file appended.
        const string editor = "sed -i 's/^metadata:$/metadata:\\n  labels:\\n    edited: \"yes\"/'";
        (await admin.RunAsync(["edit", "role", "config-reader", "-n", ns], stdin: null, editor)).EnsureSuccess();
        Assert.Equal("yes", (await admin.RunAsync("get", "role", "config-reader", "-n", ns, "-o", "jsonpath={.metadata.labels.edited}")).EnsureSuccess().Stdout);

        Assert.Equal($"clusterrole.rbac.authorization.k8s.io/secret-lister-{minor} created\n",
            (await admin.RunAsync("create", "clusterrole", $"secret-lister-{minor}", "--verb=list,watch", "--resource=secrets")).EnsureSuccess().Stdout);
        Assert.Equal($"clusterrolebinding.rbac.authorization.k8s.io/auditors-{minor} created\n",
            (await admin.RunAsync("create", "clusterrolebinding", $"auditors-{minor}", $"--clusterrole=secret-lister-{minor}", "--group=auditors")).EnsureSuccess().Stdout);
        Assert.Contains("kind: ClusterRoleBinding\n", (await admin.RunAsync("get", "clusterrolebinding", $"auditors-{minor}", "-o", "yaml")).EnsureSuccess().Stdout,
            StringComparison.Ordinal);

        Assert.Equal("rolebinding.rbac.authorization.k8s.io \"config-readers\" deleted\n",
            (await admin.RunAsync("delete", "rolebinding", "config-readers", "-n", ns)).EnsureSuccess().Stdout);
        Assert.Equal("role.rbac.authorization.k8s.io \"config-reader\" deleted\n",
            (await admin.RunAsync("delete", "role", "config-reader", "-n", ns)).EnsureSuccess().Stdout);
        Assert.Equal($"clusterrolebinding.rbac.authorization.k8s.io \"auditors-{minor}\" deleted\n",
            (await admin.RunAsync("delete", "clusterrolebinding", $"auditors-{minor}")).EnsureSuccess().Stdout);
        Assert.Equal($"clusterrole.rbac.authorization.k8s.io \"secret-lister-{minor}\" deleted\n",
            (await admin.RunAsync("delete", "clusterrole", $"secret-lister-{minor}")).EnsureSuccess().Stdout);
        Assert.Contains("NotFound", (await admin.RunAsync("get", "role", "config-reader", "-n", ns)).Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kubectls))]
    public async Task Auth_reconcile_creates_then_adds_missing_rules_and_is_idempotent(int minor)
    {
        var ns = $"reconcile-{minor}";
        var admin = fixture.As("admin", minor);
        (await admin.RunAsync("create", "namespace", ns)).EnsureSuccess();
        var first = Reconciled(ns, ["get"]);

        var created = (await admin.RunAsync(["auth", "reconcile", "-f", "-"], first, editor: null)).EnsureSuccess();
        Assert.Contains($"clusterrole.rbac.authorization.k8s.io/reconciled-{minor} reconciled", created.Stdout, StringComparison.Ordinal);
        Assert.Contains($"rolebinding.rbac.authorization.k8s.io/reconciled reconciled", created.Stdout, StringComparison.Ordinal);
        // kubectl reports what it had to do on stderr.
        Assert.Contains("reconciliation required create", created.Stderr, StringComparison.Ordinal);

        var added = (await admin.RunAsync(["auth", "reconcile", "-f", "-"], Reconciled(ns, ["get", "list"]), editor: null)).EnsureSuccess();
        Assert.Contains("reconciliation required update", added.Stderr, StringComparison.Ordinal);
        var verbs = (await admin.RunAsync("get", "clusterrole", $"reconciled-{minor}", "-o", "jsonpath={.rules[*].verbs}")).EnsureSuccess().Stdout;
        Assert.Contains("get", verbs, StringComparison.Ordinal);
        Assert.Contains("list", verbs, StringComparison.Ordinal);

        var version = (await admin.RunAsync("get", "clusterrole", $"reconciled-{minor}", "-o", "jsonpath={.metadata.resourceVersion}")).EnsureSuccess().Stdout;
        var again = (await admin.RunAsync(["auth", "reconcile", "-f", "-"], Reconciled(ns, ["get", "list"]), editor: null)).EnsureSuccess();
        Assert.DoesNotContain("reconciliation required", again.Stdout + again.Stderr, StringComparison.Ordinal);
        Assert.Equal(version,
            (await admin.RunAsync("get", "clusterrole", $"reconciled-{minor}", "-o", "jsonpath={.metadata.resourceVersion}")).EnsureSuccess().Stdout);

        var app = fixture.As("app", minor);
        await UntilAllowedAsync(app, "list", "configmaps", "-n", ns);
    }

    [Theory]
    [MemberData(nameof(Kubectls))]
    public async Task A_user_cannot_grant_what_they_do_not_hold(int minor)
    {
        var ns = $"escalate-{minor}";
        var admin = fixture.As("admin", minor);
        var lead = fixture.As("lead", minor);
        (await admin.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await admin.RunAsync("create", "rolebinding", "lead-admin", "--clusterrole=admin", "--user=lead", "-n", ns)).EnsureSuccess();
        await UntilAllowedAsync(lead, "create", "roles.rbac.authorization.k8s.io", "-n", ns);

        Assert.Equal("role.rbac.authorization.k8s.io/secret-reader created\n",
            (await lead.RunAsync("create", "role", "secret-reader", "--verb=get", "--resource=secrets", "-n", ns)).EnsureSuccess().Stdout);

        var tooMuch = await lead.RunAsync(["create", "-f", "-"], $"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: too-much
              namespace: {ns}
            rules:
            - apiGroups: [""]
              resources: ["nodes"]
              verbs: ["get"]
            """, editor: null);
        Assert.NotEqual(0, tooMuch.ExitCode);
        Assert.Contains("roles.rbac.authorization.k8s.io \"too-much\" is forbidden: user \"lead\" (groups=[\"leads\" \"system:authenticated\"]) " +
            "is attempting to grant RBAC permissions not currently held:\n{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"get\"]}",
            tooMuch.Stderr, StringComparison.Ordinal);

        var bindAdmin = await lead.RunAsync("create", "rolebinding", "lead-root", "--clusterrole=cluster-admin", "--user=lead", "-n", ns);
        Assert.NotEqual(0, bindAdmin.ExitCode);
        Assert.Contains("rolebindings.rbac.authorization.k8s.io \"lead-root\" is forbidden: user \"lead\" (groups=[\"leads\" \"system:authenticated\"]) " +
            "is attempting to grant RBAC permissions not currently held:", bindAdmin.Stderr, StringComparison.Ordinal);
        Assert.Contains("NotFound", (await admin.RunAsync("get", "rolebinding", "lead-root", "-n", ns)).Stderr, StringComparison.Ordinal);
    }

    private static string Reconciled(string ns, string[] verbs)
    {
        var minor = ns[(ns.LastIndexOf('-') + 1)..];
        return $$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: reconciled-{{minor}}
            rules:
            - apiGroups: [""]
              resources: ["configmaps"]
              verbs: [{{string.Join(", ", verbs.Select(v => $"\"{v}\""))}}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: reconciled
              namespace: {{ns}}
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: reconciled-{{minor}}
            subjects:
            - kind: User
              name: app
              apiGroup: rbac.authorization.k8s.io
            """;
    }

    // The authorizer sees a new binding once the store's watch delivers it: ask until it does (or fail with the last answer).
    private static async Task UntilAllowedAsync(EndToEnd.Kubectl kubectl, params string[] question)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var answer = await kubectl.RunAsync(["auth", "can-i", .. question]);
            if (answer.Stdout == "yes\n" || DateTime.UtcNow > deadline)
            {
                Assert.True(answer.Stdout == "yes\n", $"kubectl auth can-i {string.Join(' ', question)}: {answer.Stdout}{answer.Stderr}");
                return;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
