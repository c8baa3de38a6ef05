using AtRest.ApiServer.Errors;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// kube-apiserver's 409 for an apply that would take fields other managers own, with one <c>FieldManagerConflict</c>
/// cause per field. An updater is named with its apiVersion (<c>"kubectl-client-side-apply" using v1</c>), an applier
/// by name alone. One conflict reads <c>Apply failed with 1 conflict: conflict with "m" using v1: .data.key</c>; more
/// are grouped by manager in name order, one <c>- path</c> line each.
/// </summary>
internal static class ApplyConflicts
{
    /// <summary>The error for <paramref name="conflicts"/>, in the order given (manager, then path).</summary>
    public static ApiException Error(IReadOnlyList<(ManagerEntry Manager, IReadOnlyList<PathElement> Path)> conflicts)
    {
        var causes = conflicts.Select(c => new StatusCause
        {
            Reason = "FieldManagerConflict",
            Message = $"conflict with {Describe(c.Manager)}",
            Field = PathString(c.Path),
        }).ToList();
        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {Describe(conflicts[0].Manager)}: {PathString(conflicts[0].Path)}";
        }
        else
        {
            var lines = conflicts
                .GroupBy(c => Describe(c.Manager))
                .OrderBy(g => g.First().Manager.Manager, StringComparer.Ordinal)
                .SelectMany(g => (string[])[$"conflicts with {g.Key}:", .. g.Select(c => "- " + PathString(c.Path))]);
            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join('\n', lines)}";
        }

        return new ApiException(409, "Conflict", message, new StatusDetails { Causes = causes });
    }

    /// <summary>A path as upstream prints it, e.g. <c>.metadata.labels.team</c>.</summary>
    public static string PathString(IReadOnlyList<PathElement> path) => string.Concat(path.Select(p => p.ToPathString()));

    private static string Describe(ManagerEntry manager) =>
        manager.Applied ? Quote(manager.Manager) : $"{Quote(manager.Manager)} using {manager.ApiVersion}";

    private static string Quote(string value) => ApiErrors.Quote(value);
}
