using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Controllers;

/// <summary>
/// The status conditions kube's namespace controller keeps on a Terminating namespace, with its types, reasons and
/// messages: each type is present, <c>False</c> with its "ok" reason unless the last pass found that problem.
/// </summary>
internal static class NamespaceDeletionConditions
{
    private const string DiscoveryFailure = "NamespaceDeletionDiscoveryFailure";
    private const string GroupVersionParsingFailure = "NamespaceDeletionGroupVersionParsingFailure";
    private const string ContentFailure = "NamespaceDeletionContentFailure";
    private const string ContentRemaining = "NamespaceContentRemaining";
    private const string FinalizersRemaining = "NamespaceFinalizersRemaining";

    // Type, ok reason, ok message, in upstream's order.
    private static readonly (string Type, string Reason, string Message)[] Ok =
    [
        (DiscoveryFailure, "ResourcesDiscovered", "All resources successfully discovered"),
        (GroupVersionParsingFailure, "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        (ContentFailure, "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        (ContentRemaining, "ContentRemoved", "All content successfully removed"),
        (FinalizersRemaining, "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    /// <summary>
    /// Sets the conditions from one pass: <paramref name="remaining"/> is the number of objects left per resource,
    /// <paramref name="failures"/> the reason each resource that could not be emptied gave. The transition time
    /// changes only when a condition's status does. Returns whether anything changed.
    /// </summary>
    public static bool Apply(NamespaceStatus status, IReadOnlyDictionary<string, long> remaining, IReadOnlyList<string> failures, KubernetesTime now)
    {
        var found = new Dictionary<string, (string Reason, string Message)>(StringComparer.Ordinal);
        var left = remaining.Where(r => r.Value > 0)
            .Select(r => $"{r.Key}. has {r.Value} resource instances")
            .Order(StringComparer.Ordinal)
            .ToList();
        if (left.Count > 0)
        {
            found[ContentRemaining] = ("SomeResourcesRemain", $"Some resources are remaining: {string.Join(", ", left)}");
        }

        if (failures.Count > 0)
        {
            found[ContentFailure] = ("ContentDeletionFailed",
                $"Failed to delete all resource types, {failures.Count} remaining: {string.Join(", ", failures.Order(StringComparer.Ordinal))}");
        }

        var changed = false;
        foreach (var (type, okReason, okMessage) in Ok)
        {
            var (statusValue, reason, message) = found.TryGetValue(type, out var bad) ? ("True", bad.Reason, bad.Message) : ("False", okReason, okMessage);
            var old = status.Conditions.Find(c => c.Type == type);
            if (old is null)
            {
                status.Conditions.Add(new NamespaceCondition { Type = type, Status = statusValue, LastTransitionTime = now, Reason = reason, Message = message });
                changed = true;
            }
            else if (old.Status != statusValue || old.Reason != reason || old.Message != message)
            {
                if (old.Status != statusValue)
                {
                    old.LastTransitionTime = now;
                }

                (old.Status, old.Reason, old.Message) = (statusValue, reason, message);
                changed = true;
            }
        }

        return changed;
    }
}
