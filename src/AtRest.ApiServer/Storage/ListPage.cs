using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Storage;

/// <summary>One page of a LIST.</summary>
/// <param name="Items">The matching objects, in key order.</param>
/// <param name="Revision">The store revision the list was read at (the list's resourceVersion).</param>
/// <param name="Continue">The token for the next page, or null when this is the last.</param>
/// <param name="RemainingItemCount">
/// How many objects the later pages hold, set only when there are more pages and no selector filters (kube-apiserver
/// cannot count matches without reading them, so it omits the count then).
/// </param>
internal sealed record ListPage(IReadOnlyList<KubernetesResource> Items, long Revision, string? Continue, long? RemainingItemCount = null);
