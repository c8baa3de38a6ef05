using System.Net;
using System.Text;
using System.Text.Json;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// Issue 11 point 3: the authorization matrix through the real server over HTTPS. Every (user, verb, resource, scope,
/// name) of <see cref="AuthorizationMatrixTable"/> is sent as kubectl would send it and must be answered as the table
/// says: the allowed status, or kube's 403 Forbidden Status naming the user, verb and resource. A refused request must
/// not carry any secret value the server holds (nor the one it sent), as is or in base64, in its body, its headers
/// (Warning included) or, for a watch, its events.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuthorizationMatrixTests(AuthorizationMatrixServer fixture) : IClassFixture<AuthorizationMatrixServer>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Every row of the table times every verb it is tried with.</summary>
    public static TheoryData<string, string, string, string, string, bool> Cases
    {
        get
        {
            var data = new TheoryData<string, string, string, string, string, bool>();
            foreach (var row in AuthorizationMatrixTable.Rows)
            {
                foreach (var verb in AuthorizationMatrixTable.VerbsFor(row))
                {
                    data.Add(row.User, verb, row.Resource, row.Scope, row.Name, row.Allows(verb));
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_request_is_answered_as_the_table_says(string user, string verb, string resource, string scope, string name, bool allowed)
    {
        var row = new AuthorizationMatrixRow(user, resource, scope, name, allowed ? verb : "");
        using var request = AuthorizationMatrixRequest.For(row, verb, fixture.RequestValue);
        var target = $"{user} {verb} {request.RequestUri}";
        using var response = await fixture.ClientOf(user).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        if (allowed)
        {
            var expected = AuthorizationMatrixRequest.AllowedStatus(row, verb);
            // An allowed watch streams until timeoutSeconds: its status is all this row needs.
            var body = verb == "watch" && response.StatusCode == expected ? "" : await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode == expected,
                $"{target}: expected {(int)expected}, got {(int)response.StatusCode} {body}\nserver log:\n{fixture.ServerLog}");
            return;
        }

        var refusal = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{target}: expected 403, got {(int)response.StatusCode} {refusal}");
        using var status = JsonDocument.Parse(refusal);
        Assert.Equal("Forbidden", status.RootElement.GetProperty("reason").GetString());
        var group = resource is "roles" or "rolebindings" ? "rbac.authorization.k8s.io" : "";
        Assert.Contains($"is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{group}\"",
            status.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertNoValue(target, refusal + "\n" + Headers(response));
    }

    [Fact]
    public async Task Resource_names_admit_a_list_or_watch_of_that_one_name_as_kube_does()
    {
        // kube-apiserver reads fieldSelector=metadata.name=N of a list or watch as the request's name, so a rule with
        // verbs list and watch and resourceNames [N] allows it (kubectl get secret N -w sends exactly this); the plain
        // list and watch the same rule names are refused (the matrix rows), and so is any other selector.
        var app = fixture.ClientOf("app");
        using (var list = await app.GetAsync("/api/v1/namespaces/a/secrets?fieldSelector=metadata.name%3Dapp-token", Cancel))
        {
            var body = await list.Content.ReadAsStringAsync(Cancel);
            Assert.True(list.StatusCode == HttpStatusCode.OK, $"list by name: {(int)list.StatusCode} {body}");
            Assert.Contains("\"app-token\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"db\"", body, StringComparison.Ordinal);
        }

        using (var watch = await app.GetAsync("/api/v1/namespaces/a/secrets?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3Dapp-token",
                   HttpCompletionOption.ResponseHeadersRead, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        }

        foreach (var path in new[]
                 {
                     "/api/v1/namespaces/a/secrets?fieldSelector=metadata.name%3Ddb",
                     "/api/v1/namespaces/a/secrets?watch=true&fieldSelector=metadata.name%3Ddb",
                     "/api/v1/namespaces/a/secrets?fieldSelector=metadata.name%21%3Ddb",
                     "/api/v1/namespaces/b/secrets?fieldSelector=metadata.name%3Dapp-token",
                 })
        {
            using var refused = await app.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Cancel);
            var body = await refused.Content.ReadAsStringAsync(Cancel);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)refused.StatusCode} {body}");
            AssertNoValue(path, body + "\n" + Headers(refused));
        }
    }

    [Fact]
    public async Task Auditor_list_carries_values_as_on_kube_but_table_and_metadata_lists_do_not()
    {
        var auditor = fixture.ClientOf("auditor");
        var values = new[] { "a", "b" }.SelectMany(ns => new[] { fixture.ValueOf(ns, "app-token"), fixture.ValueOf(ns, "db") }).ToList();

        // RBAC has one verb for listing, and a list answers whole objects: on kube-apiserver as here, whoever may list
        // secrets reads their values (kubernetes.io/docs/concepts/security/rbac-good-practices, "Listing secrets").
        var full = await GetAsync(auditor, "/api/v1/secrets", "application/json", "auditor-list-json");
        Assert.All(values, value => Assert.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), full, StringComparison.Ordinal));

        // What kubectl get secrets asks for by default, and a metadata-only list: names, no values.
        foreach (var (accept, auditId) in new[]
                 {
                     ("application/json;as=Table;v=v1;g=meta.k8s.io", "auditor-list-table"),
                     ("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io", "auditor-list-metadata"),
                 })
        {
            var names = await GetAsync(auditor, "/api/v1/secrets", accept, auditId);
            Assert.Contains("\"app-token\"", names, StringComparison.Ordinal);
            Assert.Contains("\"db\"", names, StringComparison.Ordinal);
            AssertNoValue(accept, names);
        }

        // The audit log shows who listed which secrets, and holds no value.
        var recorded = await fixture.AuditLog.WaitForAsync("auditor-list-json");
        Assert.Equal("auditor", recorded.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal("list", recorded.GetProperty("verb").GetString());
        Assert.Equal("secrets", recorded.GetProperty("objectRef").GetProperty("resource").GetString());
        Assert.Equal(200, recorded.GetProperty("responseStatus").GetProperty("code").GetInt32());
        AssertNoValue("audit log", fixture.AuditLog.Text);

        var get = await auditor.GetAsync("/api/v1/namespaces/a/secrets/db", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        AssertNoValue("auditor get", await get.Content.ReadAsStringAsync(Cancel) + Headers(get));
    }

    [Fact]
    public async Task Namespace_deletion_is_refused_to_all_but_the_admin_and_leaks_nothing()
    {
        foreach (var user in new[] { "app", "editor", "viewer", "auditor", "stranger", "gina" })
        {
            using var refused = await fixture.ClientOf(user).DeleteAsync("/api/v1/namespaces/c", Cancel);
            var body = await refused.Content.ReadAsStringAsync(Cancel);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{user} deleting namespace c: {(int)refused.StatusCode} {body}");
            using var status = JsonDocument.Parse(body);
            Assert.Equal($"namespaces \"c\" is forbidden: User \"{user}\" cannot delete resource \"namespaces\" in API group \"\" in the namespace \"c\"",
                status.RootElement.GetProperty("message").GetString());
            AssertNoValue($"{user} deleting namespace c", body + Headers(refused));
        }

        var admin = fixture.ClientOf("admin");
        Assert.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(fixture.ValueOf("c", "db"))),
            await GetAsync(admin, "/api/v1/namespaces/c/secrets/db", "application/json", "admin-get-c-db"), StringComparison.Ordinal);

        using (var deleted = await admin.DeleteAsync("/api/v1/namespaces/c", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var gone = await admin.GetAsync("/api/v1/namespaces/c", Cancel);
            if (gone.StatusCode == HttpStatusCode.NotFound)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"namespace c still there after 60 s: {await gone.Content.ReadAsStringAsync(Cancel)}");
            await Task.Delay(200, Cancel);
        }

        using var secret = await admin.GetAsync("/api/v1/namespaces/c/secrets/db", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, secret.StatusCode);
    }

    private async Task<string> GetAsync(HttpClient client, string path, string accept, string auditId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.TryAddWithoutValidation("Audit-ID", auditId);
        using var response = await client.SendAsync(request, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} ({accept}): {(int)response.StatusCode} {body}\nserver log:\n{fixture.ServerLog}");
        return body;
    }

    private static string Headers(HttpResponseMessage response) =>
        string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => h.Key + ": " + string.Join(", ", h.Value)));

    private void AssertNoValue(string where, string text)
    {
        // The message names the value's index and form, never the value.
        for (var i = 0; i < fixture.Values.Count; i++)
        {
            var forms = AuthorizationMatrixServer.Forms(fixture.Values[i]).ToList();
            for (var form = 0; form < forms.Count; form++)
            {
                Assert.False(text.Contains(forms[form], StringComparison.Ordinal), $"{where}: secret value #{i} is in the answer ({(form == 0 ? "as is" : "base64")})");
            }
        }
    }
}
