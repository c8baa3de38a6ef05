namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// The expected answers of the authorization matrix, written from kube-apiserver's documented RBAC semantics and its
/// default roles (kubernetes.io/docs/reference/access-authn-authz/rbac), not from AtRest's code:
/// <list type="bullet">
/// <item>a RoleBinding grants only inside its namespace; a request across all namespaces (<c>GET /api/v1/secrets</c>)
/// or on a cluster-scoped collection needs a ClusterRoleBinding;</item>
/// <item>a request on the Namespace object <c>a</c> is in namespace <c>a</c>, so a RoleBinding in <c>a</c> that grants
/// <c>get namespaces</c> lets its subject read that one Namespace, never list them all;</item>
/// <item><c>resourceNames</c> match only requests that name an object: never list, watch, create or deletecollection;</item>
/// <item><c>view</c> cannot read secrets, roles or role bindings; <c>edit</c> reads and writes secrets and configmaps but not
/// roles or role bindings; <c>admin</c> adds roles and role bindings; none of them may change or delete the Namespace;</item>
/// <item><c>list</c> is its own verb: a user who may list secrets may not get or watch one (and the list does carry the
/// values: see <c>AuthorizationMatrixTests.Auditor_list_carries_values_as_on_kube_but_table_and_metadata_lists_do_not</c>).</item>
/// </list>
/// Users (<see cref="AuthorizationMatrixServer"/> creates their roles and bindings through the API):
/// <c>admin</c> (system:masters); <c>app</c> (RoleBinding in a to a Role that may get, list and watch the secret
/// app-token by resourceNames: it may get that secret, and its plain list and watch are refused); <c>editor</c>
/// (RoleBinding in a to ClusterRole edit); <c>viewer</c> (ClusterRoleBinding to view); <c>auditor</c>
/// (ClusterRoleBinding to a ClusterRole that may list secrets); <c>stranger</c> (authenticated, bound to nothing);
/// <c>gina</c> (bound through her group team-b by a RoleBinding in b to ClusterRole admin). ServiceAccount subjects are
/// left out: AtRest serves no ServiceAccounts and issues no ServiceAccount tokens, so no request can authenticate as one.
/// </summary>
public static class AuthorizationMatrixTable
{
    private const string All = "get list watch create update patch delete deletecollection";
    private const string Read = "get list watch";

    /// <summary>The rows. Scope "" is the cluster-wide collection (list and watch across namespaces; the Namespace collection).</summary>
    public static IReadOnlyList<AuthorizationMatrixRow> Rows { get; } =
    [
        // user       resource         scope name          allowed verbs
        new("admin", "secrets", "a", "db", All),
        new("admin", "secrets", "", "", "list watch"),
        new("admin", "configmaps", "b", "settings", All),
        new("admin", "namespaces", "a", "a", "get update patch delete"),
        new("admin", "namespaces", "", "", "list watch create deletecollection"),
        new("admin", "roles", "a", "matrix-role", All),
        new("admin", "rolebindings", "b", "matrix-binding", All),
        new("admin", "roles", "", "", "list watch"),

        new("app", "secrets", "a", "app-token", "get"),
        new("app", "secrets", "a", "db", ""),
        new("app", "secrets", "a", "absent", ""),
        new("app", "secrets", "b", "app-token", ""),
        new("app", "secrets", "", "", ""),
        new("app", "configmaps", "a", "settings", ""),
        new("app", "namespaces", "a", "a", ""),
        new("app", "roles", "a", "matrix-role", ""),

        new("editor", "secrets", "a", "db", All),
        new("editor", "secrets", "b", "db", ""),
        new("editor", "secrets", "", "", ""),
        new("editor", "configmaps", "a", "settings", All),
        new("editor", "configmaps", "b", "settings", ""),
        new("editor", "configmaps", "", "", ""),
        new("editor", "namespaces", "a", "a", "get"),
        new("editor", "namespaces", "b", "b", ""),
        new("editor", "namespaces", "", "", ""),
        new("editor", "roles", "a", "matrix-role", ""),
        new("editor", "rolebindings", "a", "matrix-binding", ""),

        new("viewer", "secrets", "a", "db", ""),
        new("viewer", "secrets", "b", "app-token", ""),
        new("viewer", "secrets", "", "", ""),
        new("viewer", "configmaps", "a", "settings", Read),
        new("viewer", "configmaps", "b", "settings", Read),
        new("viewer", "configmaps", "", "", "list watch"),
        new("viewer", "namespaces", "a", "a", "get"),
        new("viewer", "namespaces", "", "", "list watch"),
        new("viewer", "roles", "a", "matrix-role", ""),
        new("viewer", "rolebindings", "b", "matrix-binding", ""),
        new("viewer", "roles", "", "", ""),

        new("auditor", "secrets", "a", "db", "list"),
        new("auditor", "secrets", "b", "app-token", "list"),
        new("auditor", "secrets", "", "", "list"),
        new("auditor", "configmaps", "a", "settings", ""),
        new("auditor", "namespaces", "a", "a", ""),
        new("auditor", "namespaces", "", "", ""),
        new("auditor", "roles", "a", "matrix-role", ""),

        new("stranger", "secrets", "a", "app-token", ""),
        new("stranger", "secrets", "b", "db", ""),
        new("stranger", "secrets", "", "", ""),
        new("stranger", "configmaps", "a", "settings", ""),
        new("stranger", "namespaces", "a", "a", ""),
        new("stranger", "namespaces", "", "", ""),
        new("stranger", "roles", "b", "matrix-role", ""),
        new("stranger", "rolebindings", "a", "matrix-binding", ""),

        new("gina", "secrets", "b", "db", All),
        new("gina", "secrets", "a", "db", ""),
        new("gina", "secrets", "", "", ""),
        new("gina", "configmaps", "b", "settings", All),
        new("gina", "configmaps", "a", "settings", ""),
        new("gina", "namespaces", "b", "b", "get"),
        new("gina", "namespaces", "a", "a", ""),
        new("gina", "namespaces", "", "", ""),
        new("gina", "roles", "b", "matrix-role", All),
        new("gina", "rolebindings", "b", "matrix-binding", All),
        new("gina", "roles", "a", "matrix-role", ""),
        new("gina", "rolebindings", "", "", ""),
    ];

    /// <summary>
    /// The verbs a row is tried with: every verb in a namespace; get, update, patch and delete on a Namespace object;
    /// list and watch across all namespaces; list, watch, create and deletecollection on the Namespace collection.
    /// </summary>
    public static IReadOnlyList<string> VerbsFor(AuthorizationMatrixRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (row.Resource == "namespaces", row.Scope.Length > 0) switch
        {
            (false, true) => ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"],
            (true, true) => ["get", "update", "patch", "delete"],
            (true, false) => ["list", "watch", "create", "deletecollection"],
            (false, false) => ["list", "watch"],
        };
    }
}
