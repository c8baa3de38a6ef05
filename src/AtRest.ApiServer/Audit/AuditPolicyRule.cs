using AtRest.ApiServer.Hosting;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// audit.k8s.io/v1 <c>PolicyRule</c>: a request matches when every selector that is set matches (an empty selector
/// matches everything), with kube's policy checker semantics.
/// </summary>
public sealed record AuditPolicyRule
{
    /// <summary>The level of a matching request.</summary>
    public required AuditLevel Level { get; init; }

    /// <summary>User names; empty matches every user.</summary>
    public IReadOnlyList<string> Users { get; init; } = [];

    /// <summary>Groups, of which the user must be in at least one; empty matches every user.</summary>
    public IReadOnlyList<string> UserGroups { get; init; } = [];

    /// <summary>Request verbs (<c>get</c>, <c>list</c>, <c>watch</c>, …, or lower-case HTTP methods for non-resource paths).</summary>
    public IReadOnlyList<string> Verbs { get; init; } = [];

    /// <summary>Resources by group; a rule with resources or namespaces matches resource requests only.</summary>
    public IReadOnlyList<AuditGroupResources> Resources { get; init; } = [];

    /// <summary>Namespaces; the empty string stands for cluster-scoped resources.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Non-resource paths, exact or with a trailing <c>*</c>; a rule with them matches non-resource requests only.</summary>
    public IReadOnlyList<string> NonResourceUrls { get; init; } = [];

    /// <summary>Stages for which no event is written.</summary>
    public IReadOnlyList<AuditStage> OmitStages { get; init; } = [];

    /// <summary>Overrides the policy's <c>omitManagedFields</c> when set.</summary>
    public bool? OmitManagedFields { get; init; }

    /// <summary>Whether the request made by <paramref name="user"/> (in <paramref name="groups"/>) that <paramref name="request"/> describes matches.</summary>
    public bool Matches(string user, IReadOnlyList<string> groups, RequestInfo request)
    {
        if (Users.Count > 0 && !Users.Contains(user, StringComparer.Ordinal))
        {
            return false;
        }

        if (UserGroups.Count > 0 && !groups.Any(group => UserGroups.Contains(group, StringComparer.Ordinal)))
        {
            return false;
        }

        if (Verbs.Count > 0 && !Verbs.Contains(request.Verb, StringComparer.Ordinal))
        {
            return false;
        }

        if ((Namespaces.Count > 0 || Resources.Count > 0) && !MatchesResource(request))
        {
            return false;
        }

        return NonResourceUrls.Count == 0 || MatchesNonResource(request);
    }

    private bool MatchesNonResource(RequestInfo request) =>
        !request.IsResourceRequest && NonResourceUrls.Any(spec => PathMatches(request.Path, spec));

    private static bool PathMatches(string path, string spec) =>
        spec == "*" || spec == path || (spec.EndsWith('*') && path.StartsWith(spec.TrimEnd('*'), StringComparison.Ordinal));

    private bool MatchesResource(RequestInfo request)
    {
        if (!request.IsResourceRequest)
        {
            return false;
        }

        if (Namespaces.Count > 0 && !Namespaces.Contains(request.Namespace, StringComparer.Ordinal))
        {
            return false;
        }

        if (Resources.Count == 0)
        {
            return true;
        }

        var combined = request.Subresource.Length == 0 ? request.Resource : request.Resource + "/" + request.Subresource;
        foreach (var groupResources in Resources.Where(gr => gr.Group == request.Group))
        {
            if (groupResources.Resources.Count == 0)
            {
                return true;
            }

            if (groupResources.ResourceNames.Count > 0 && !groupResources.ResourceNames.Contains(request.Name, StringComparer.Ordinal))
            {
                continue;
            }

            foreach (var resource in groupResources.Resources)
            {
                if (resource == combined || resource == "*"
                    || (request.Subresource.Length > 0 && resource.StartsWith("*/", StringComparison.Ordinal) && resource[2..] == request.Subresource)
                    || (resource.EndsWith("/*", StringComparison.Ordinal) && resource[..^2] == request.Resource))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
