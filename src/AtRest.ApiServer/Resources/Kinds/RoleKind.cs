using AtRest.ApiServer.Resources.Schemas;
using AtRest.ApiServer.Tables;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>rbac.authorization.k8s.io/v1 <c>roles</c>, stored at <c>/registry/roles/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
internal static class RoleKind
{
    private static readonly SchemaDefinition RoleDefinition = new(
        "io.k8s.api.rbac.v1.Role",
        Schema.Object(
            "Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.",
            SharedSchemas.ApiVersion,
            SharedSchemas.Kind,
            SharedSchemas.Metadata,
            RbacSchemas.Rules("Role")));

    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = RbacGroup.Name,
        Version = "v1",
        Kind = Role.KindName,
        Resource = "roles",
        SingularName = "role",
        Namespaced = true,
        Verbs = KindVerbs.All,
        // kube-apiserver has no printer for roles: its default Table convertor prints NAME and CREATED AT, no AGE.
        Columns = [TableColumn.CreatedAtColumn],
        AgeColumn = false,
        Schema = new(RoleDefinition, [RbacSchemas.PolicyRule])
        {
            ListDescription = "RoleList is a collection of Roles",
            ItemsDescription = "Items is a list of Roles",
        },
        Strategy = () => new RbacStrategy<Role, RoleList>(() => Registration!, role => [TableColumn.CreatedAt(role)]),
    };
}
