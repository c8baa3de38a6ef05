namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// The fields no manager owns (upstream's stripMetaManager): the type, the object's identity and what the server
/// sets. Only these exact paths go; <c>metadata.labels</c> and the like stay owned.
/// </summary>
internal static class ServerOwnedFields
{
    private static readonly string[][] Paths =
    [
        ["apiVersion"], ["kind"], ["metadata"],
        ["metadata", "name"], ["metadata", "namespace"], ["metadata", "creationTimestamp"], ["metadata", "selfLink"],
        ["metadata", "uid"], ["metadata", "clusterName"], ["metadata", "generation"], ["metadata", "managedFields"],
        ["metadata", "resourceVersion"],
    ];

    /// <summary>The set of those paths.</summary>
    public static FieldSet Set { get; } = FieldSet.Of([.. Paths.Select(p => (IReadOnlyList<PathElement>)[.. p.Select(PathElement.Field)])]);
}
