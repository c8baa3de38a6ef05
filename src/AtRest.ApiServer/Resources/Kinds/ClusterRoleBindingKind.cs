using AtRest.ApiServer.Resources.Schemas;
using AtRest.ApiServer.Tables;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>rbac.authorization.k8s.io/v1 <c>clusterrolebindings</c>, stored at <c>/registry/clusterrolebindings/&lt;name&gt;</c>.</summary>
internal static class ClusterRoleBindingKind
{
    private static readonly SchemaDefinition ClusterRoleBindingDefinition = new(
        "io.k8s.api.rbac.v1.ClusterRoleBinding",
        Schema.Object(
            "ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.",
            SharedSchemas.ApiVersion,
            SharedSchemas.Kind,
            SharedSchemas.Metadata,
            RbacSchemas.RoleRefField("RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error."),
            RbacSchemas.Subjects) with { Required = ["roleRef"] });

    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = RbacGroup.Name,
        Version = "v1",
        Kind = ClusterRoleBinding.KindName,
        Resource = "clusterrolebindings",
        SingularName = "clusterrolebinding",
        Namespaced = false,
        Verbs = KindVerbs.All,
        Columns = [BindingColumns.Role(ClusterRoleBinding.KindName)],
        ColumnsAfterAge = BindingColumns.Subjects("clusterRoleBinding"),
        Schema = new(ClusterRoleBindingDefinition, [RbacSchemas.RoleRef, RbacSchemas.Subject])
        {
            ListDescription = "ClusterRoleBindingList is a collection of ClusterRoleBindings",
            ItemsDescription = "Items is a list of ClusterRoleBindings",
        },
        Strategy = () => new RbacStrategy<ClusterRoleBinding, ClusterRoleBindingList>(() => Registration!,
            binding => BindingColumns.Cells(binding.RoleRef, binding.Subjects)),
    };
}
