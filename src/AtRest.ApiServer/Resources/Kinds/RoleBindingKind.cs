using AtRest.ApiServer.Resources.Schemas;
using AtRest.ApiServer.Tables;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>rbac.authorization.k8s.io/v1 <c>rolebindings</c>, stored at <c>/registry/rolebindings/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
internal static class RoleBindingKind
{
    private static readonly SchemaDefinition RoleBindingDefinition = new(
        "io.k8s.api.rbac.v1.RoleBinding",
        Schema.Object(
            "RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace. It adds who information via Subjects and namespace information by which namespace it exists in.  RoleBindings in a given namespace only have effect in that namespace.",
            SharedSchemas.ApiVersion,
            SharedSchemas.Kind,
            SharedSchemas.Metadata,
            RbacSchemas.RoleRefField("RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error."),
            RbacSchemas.Subjects) with { Required = ["roleRef"] });

    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = RbacGroup.Name,
        Version = "v1",
        Kind = RoleBinding.KindName,
        Resource = "rolebindings",
        SingularName = "rolebinding",
        Namespaced = true,
        Verbs = KindVerbs.All,
        Columns = [BindingColumns.Role(RoleBinding.KindName)],
        ColumnsAfterAge = BindingColumns.Subjects("roleBinding"),
        Schema = new(RoleBindingDefinition, [RbacSchemas.RoleRef, RbacSchemas.Subject])
        {
            ListDescription = "RoleBindingList is a collection of RoleBindings",
            ItemsDescription = "Items is a list of RoleBindings",
        },
        Strategy = () => new RbacStrategy<RoleBinding, RoleBindingList>(() => Registration!,
            binding => BindingColumns.Cells(binding.RoleRef, binding.Subjects)),
    };
}
