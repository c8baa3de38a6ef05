namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>The expected-answer table of the authorization matrix covers every dimension, each verb both allowed and refused.</summary>
public sealed class AuthorizationMatrixTableTests
{
    [Fact]
    public void The_table_covers_every_user_resource_scope_and_verb_both_ways()
    {
        var rows = AuthorizationMatrixTable.Rows;
        Assert.Equal(["admin", "app", "auditor", "editor", "gina", "stranger", "viewer"], rows.Select(r => r.User).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["configmaps", "namespaces", "rolebindings", "roles", "secrets"], rows.Select(r => r.Resource).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["", "a", "b"], rows.Select(r => r.Scope).Distinct().Order(StringComparer.Ordinal));
        var cases = rows.SelectMany(row => AuthorizationMatrixTable.VerbsFor(row).Select(verb => (verb, allowed: row.Allows(verb)))).ToList();
        foreach (var verb in new[] { "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection" })
        {
            Assert.Contains((verb, true), cases);
            Assert.Contains((verb, false), cases);
        }
    }
}
