namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// The list and map semantics of the kinds this server serves, as upstream's OpenAPI schema gives them to
/// structured-merge-diff: <c>data</c>/<c>binaryData</c>/<c>stringData</c>/<c>labels</c>/<c>annotations</c> are maps,
/// <c>metadata.finalizers</c> a set, <c>metadata.ownerReferences</c> keyed by <c>uid</c>, Namespace
/// <c>spec.finalizers</c> atomic (no list type upstream), <c>status.conditions</c> keyed by <c>type</c>.
/// This is the one place that knows them; a kind registration can carry its schema instead.
/// </summary>
internal static class ServedKindSchemas
{
    private static readonly FieldSchema OwnerReference = FieldSchema.Struct(new Dictionary<string, FieldSchema>());

    private static readonly FieldSchema ObjectMeta = FieldSchema.Struct(new Dictionary<string, FieldSchema>
    {
        ["labels"] = FieldSchema.StringMap,
        ["annotations"] = FieldSchema.StringMap,
        ["finalizers"] = FieldSchema.StringSet,
        ["ownerReferences"] = FieldSchema.KeyedList(OwnerReference, "uid"),
    });

    private static readonly FieldSchema Secret = FieldSchema.Struct(new Dictionary<string, FieldSchema>
    {
        ["metadata"] = ObjectMeta,
        ["data"] = FieldSchema.StringMap,
        ["stringData"] = FieldSchema.StringMap,
    });

    private static readonly FieldSchema ConfigMap = FieldSchema.Struct(new Dictionary<string, FieldSchema>
    {
        ["metadata"] = ObjectMeta,
        ["data"] = FieldSchema.StringMap,
        ["binaryData"] = FieldSchema.StringMap,
    });

    private static readonly FieldSchema Namespace = FieldSchema.Struct(new Dictionary<string, FieldSchema>
    {
        ["metadata"] = ObjectMeta,
        ["spec"] = FieldSchema.Struct(new Dictionary<string, FieldSchema>()),
        ["status"] = FieldSchema.Struct(new Dictionary<string, FieldSchema>
        {
            ["conditions"] = FieldSchema.KeyedList(FieldSchema.Struct(new Dictionary<string, FieldSchema>()), "type"),
        }),
    });

    /// <summary>The schema of <paramref name="kind"/>; an unknown kind is a struct of leaves with standard metadata.</summary>
    public static FieldSchema For(string kind) => kind switch
    {
        "Secret" => Secret,
        "ConfigMap" => ConfigMap,
        "Namespace" => Namespace,
        _ => FieldSchema.Struct(new Dictionary<string, FieldSchema> { ["metadata"] = ObjectMeta }),
    };
}
