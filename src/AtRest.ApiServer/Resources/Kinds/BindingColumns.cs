using AtRest.ApiServer.Tables;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>
/// kube-apiserver's Table of role bindings and cluster role bindings (<c>printRoleBinding</c>): NAME, ROLE
/// (<c>Kind/name</c>), AGE, and the wide USERS, GROUPS and SERVICEACCOUNTS (<c>namespace/name</c>), each joined with
/// <c>", "</c> (kube's <c>SubjectsStrings</c>).
/// </summary>
internal static class BindingColumns
{
    /// <summary>The ROLE column of <paramref name="kind"/>.</summary>
    public static TableColumn Role(string kind) => new("Role", "string", "", kind == ClusterRoleBinding.KindName
        ? "RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error."
        : "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.");

    /// <summary>The wide columns; <paramref name="owner"/> is kube's word in their descriptions (<c>roleBinding</c>).</summary>
    public static IReadOnlyList<TableColumn> Subjects(string owner) =>
    [
        new("Users", "string", "", $"Users in the {owner}", Priority: 1),
        new("Groups", "string", "", $"Groups in the {owner}", Priority: 1),
        new("ServiceAccounts", "string", "", $"ServiceAccounts in the {owner}", Priority: 1),
    ];

    /// <summary>The ROLE, USERS, GROUPS and SERVICEACCOUNTS cells.</summary>
    public static object[] Cells(RoleRef roleRef, IReadOnlyList<Subject> subjects)
    {
        ArgumentNullException.ThrowIfNull(roleRef);
        ArgumentNullException.ThrowIfNull(subjects);
        var users = subjects.Where(s => s.Kind == RbacGroup.UserKind).Select(s => s.Name);
        var groups = subjects.Where(s => s.Kind == RbacGroup.GroupKind).Select(s => s.Name);
        var serviceAccounts = subjects.Where(s => s.Kind == RbacGroup.ServiceAccountKind).Select(s => $"{s.Namespace}/{s.Name}");
        return [$"{roleRef.Kind}/{roleRef.Name}", string.Join(", ", users), string.Join(", ", groups), string.Join(", ", serviceAccounts)];
    }
}
