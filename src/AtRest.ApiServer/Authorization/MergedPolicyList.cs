using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// A merged list of RBAC objects remembered with the source list it was computed from, so
/// <see cref="BootstrapLayeredPolicySource"/> merges again only when its source hands out a new list. Replaced whole,
/// never changed, so a reader racing a refresh sees one consistent list.
/// </summary>
/// <typeparam name="T">The kind listed.</typeparam>
internal sealed class MergedPolicyList<T>(object source, List<T> items)
    where T : KubernetesResource
{
    /// <summary>The source list the items were merged from (compared by reference).</summary>
    public object Source { get; } = source;

    /// <summary>The merged items, in name order.</summary>
    public IReadOnlyList<T> Items { get; } = items;

    /// <summary>The items by name.</summary>
    public Dictionary<string, T> ByName { get; } = items.ToDictionary(item => item.Metadata.Name, StringComparer.Ordinal);
}
