using AtRest.ApiServer.Resources.Schemas;
using AtRest.ApiServer.Tables;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>rbac.authorization.k8s.io/v1 <c>clusterroles</c>, stored at <c>/registry/clusterroles/&lt;name&gt;</c>.</summary>
internal static class ClusterRoleKind
{
    private static readonly SchemaDefinition ClusterRoleDefinition = new(
        "io.k8s.api.rbac.v1.ClusterRole",
        Schema.Object(
            "ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.",
            new("aggregationRule", Schema.Ref(RbacSchemas.AggregationRule.Name, "AggregationRule is an optional field that describes how to build the Rules for this ClusterRole. If AggregationRule is set, then the Rules are controller managed and direct changes to Rules will be stomped by the controller.")),
            SharedSchemas.ApiVersion,
            SharedSchemas.Kind,
            SharedSchemas.Metadata,
            RbacSchemas.Rules("ClusterRole")));

    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = RbacGroup.Name,
        Version = "v1",
        Kind = ClusterRole.KindName,
        Resource = "clusterroles",
        SingularName = "clusterrole",
        Namespaced = false,
        Verbs = KindVerbs.All,
        // kube-apiserver has no printer for cluster roles: its default Table convertor prints NAME and CREATED AT, no AGE.
        Columns = [TableColumn.CreatedAtColumn],
        AgeColumn = false,
        Schema = new(ClusterRoleDefinition,
            [RbacSchemas.PolicyRule, RbacSchemas.AggregationRule, RbacSchemas.LabelSelector, RbacSchemas.LabelSelectorRequirement])
        {
            ListDescription = "ClusterRoleList is a collection of ClusterRoles",
            ItemsDescription = "Items is a list of ClusterRoles",
        },
        Strategy = () => new RbacStrategy<ClusterRole, ClusterRoleList>(() => Registration!, role => [TableColumn.CreatedAt(role)]),
    };
}
