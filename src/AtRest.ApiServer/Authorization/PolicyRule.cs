using AtRest.ApiServer.Hosting;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// An RBAC <c>PolicyRule</c>: verbs on resources of API groups (optionally only some names), or verbs on
/// non-resource URLs. Matching follows kube's <c>rbac.RuleAllows</c>: <c>*</c> matches anything, a resource
/// <c>*/sub</c> matches subresource <c>sub</c> of every resource, a URL ending in <c>*</c> matches its prefix.
/// </summary>
public sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    private const string All = "*";

    /// <summary>A rule on resources.</summary>
    public static PolicyRule ForResources(string[] verbs, string[] apiGroups, string[] resources) => new(verbs, apiGroups, resources, [], []);

    /// <summary>A rule on non-resource URLs.</summary>
    public static PolicyRule ForUrls(string[] verbs, string[] urls) => new(verbs, [], [], [], urls);

    /// <summary>Whether this is a non-resource rule.</summary>
    public bool IsNonResource => NonResourceUrls.Count > 0;

    /// <summary>Whether the rule allows the request <paramref name="attributes"/> describe.</summary>
    public bool Allows(RequestInfo attributes)
    {
        if (!MatchesOrAll(Verbs, attributes.Verb))
        {
            return false;
        }

        if (!attributes.IsResourceRequest)
        {
            return NonResourceUrls.Any(url => url == All || url == attributes.Path ||
                (url.EndsWith(All, StringComparison.Ordinal) && attributes.Path.StartsWith(url[..^1], StringComparison.Ordinal)));
        }

        var combined = attributes.Subresource.Length == 0 ? attributes.Resource : $"{attributes.Resource}/{attributes.Subresource}";
        return MatchesOrAll(ApiGroups, attributes.Group)
            && Resources.Any(resource => resource == All || resource == combined ||
                (attributes.Subresource.Length > 0 && resource == $"{All}/{attributes.Subresource}"))
            && (ResourceNames.Count == 0 || ResourceNames.Contains(attributes.Name, StringComparer.Ordinal));
    }

    private static bool MatchesOrAll(IReadOnlyList<string> values, string value) =>
        values.Any(candidate => candidate == All || candidate == value);
}
