namespace AtRest.ApiServer.Resources;

/// <summary>The verb sets discovery advertises, as kube-apiserver's registries expose them.</summary>
internal static class KindVerbs
{
    /// <summary>A stored kind with every verb.</summary>
    public static readonly IReadOnlyList<string> All =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>A stored kind without deletecollection (namespaces).</summary>
    public static readonly IReadOnlyList<string> AllButDeleteCollection =
        ["create", "delete", "get", "list", "patch", "update", "watch"];

    /// <summary>A kind that is only created and answered (the reviews).</summary>
    public static readonly IReadOnlyList<string> CreateOnly = ["create"];
}
