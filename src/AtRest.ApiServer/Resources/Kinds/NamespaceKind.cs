using AtRest.ApiServer.Resources.Schemas;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>core/v1 <c>namespaces</c> (cluster-scoped; kube-apiserver has no deletecollection for them).</summary>
internal static class NamespaceKind
{
    private static readonly SchemaDefinition NamespaceDefinition = new(
        "io.k8s.api.core.v1.Namespace",
        Schema.Object(
            "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
            SharedSchemas.ApiVersion,
            SharedSchemas.Kind,
            SharedSchemas.Metadata,
            new("spec", Schema.Ref("io.k8s.api.core.v1.NamespaceSpec", "Spec defines the behavior of the Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status")),
            new("status", Schema.Ref("io.k8s.api.core.v1.NamespaceStatus", "Status describes the current status of a Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"))));

    private static readonly SchemaDefinition NamespaceSpecDefinition = new(
        "io.k8s.api.core.v1.NamespaceSpec",
        Schema.Object(
            "NamespaceSpec describes the attributes on a Namespace.",
            new SchemaProperty("finalizers", Schema.StringArray("Finalizers is an opaque list of values that must be empty to permanently remove object from storage. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/") with { ListType = "atomic" })));

    private static readonly SchemaDefinition NamespaceStatusDefinition = new(
        "io.k8s.api.core.v1.NamespaceStatus",
        Schema.Object(
            "NamespaceStatus is information about the current status of a Namespace.",
            new("conditions", Schema.ArrayOf(Schema.Ref("io.k8s.api.core.v1.NamespaceCondition", ""), "Represents the latest available observations of a namespace's current state.") with { PatchStrategy = "merge", PatchMergeKey = "type", ListType = "map", ListMapKeys = ["type"] }),
            new("phase", Schema.String("Phase is the current lifecycle phase of the namespace. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/"))));

    private static readonly SchemaDefinition NamespaceConditionDefinition = new(
        "io.k8s.api.core.v1.NamespaceCondition",
        Schema.Object(
            "NamespaceCondition contains details about state of namespace.",
            new("lastTransitionTime", Schema.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.Time", "")),
            new("message", Schema.String("")),
            new("reason", Schema.String("")),
            new("status", Schema.String("Status of the condition, one of True, False, Unknown.")),
            new("type", Schema.String("Type of namespace controller condition."))) with { Required = ["type", "status"] });

    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Namespace",
        Resource = "namespaces",
        SingularName = "namespace",
        Namespaced = false,
        ShortNames = ["ns"],
        Verbs = KindVerbs.AllButDeleteCollection,
        Columns = [new("Status", "string", "", "The status of the namespace")],
        Schema = new(NamespaceDefinition, [NamespaceSpecDefinition, NamespaceStatusDefinition, NamespaceConditionDefinition])
        {
            ListDescription = "NamespaceList is a list of Namespaces.",
            ItemsDescription = "Items is the list of Namespace objects in the list. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
        },
        Strategy = () => new NamespaceStrategy(),
    };
}
