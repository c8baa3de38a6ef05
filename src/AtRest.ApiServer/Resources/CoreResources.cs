namespace AtRest.ApiServer.Resources;

/// <summary>The resources this server serves under <c>/api/v1</c>.</summary>
internal static class CoreResources
{
    private static readonly string[] NamespacedVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>Secrets: encrypted at rest when the configuration says so.</summary>
    public static readonly ResourceDefinition Secrets =
        new("secrets", "secret", "Secret", Namespaced: true, [], NamespacedVerbs);

    /// <summary>ConfigMaps.</summary>
    public static readonly ResourceDefinition ConfigMaps =
        new("configmaps", "configmap", "ConfigMap", Namespaced: true, ["cm"], NamespacedVerbs);

    /// <summary>Namespaces (cluster-scoped; kube-apiserver has no deletecollection for them).</summary>
    public static readonly ResourceDefinition Namespaces =
        new("namespaces", "namespace", "Namespace", Namespaced: false, ["ns"],
            ["create", "delete", "get", "list", "patch", "update", "watch"]);

    /// <summary>All of them, in discovery order.</summary>
    public static readonly IReadOnlyList<ResourceDefinition> All = [Secrets, ConfigMaps, Namespaces];
}
