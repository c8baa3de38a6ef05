using AtRest.ApiServer.Hosting;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// kube's <c>rbac.RuleAllows</c>: whether one <see cref="PolicyRule"/> allows a request. <c>*</c> matches any verb,
/// group, resource or URL; a resource <c>*/sub</c> matches subresource <c>sub</c> of every resource; a URL ending in
/// <c>*</c> matches every path that starts with what precedes its stars; an empty <c>resourceNames</c> matches every name.
/// </summary>
public static class PolicyRuleMatching
{
    /// <summary>Whether <paramref name="rule"/> allows the request <paramref name="attributes"/> describe.</summary>
    public static bool Allows(this PolicyRule rule, RequestInfo attributes)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(attributes);
        if (!HasOrAll(rule.Verbs, attributes.Verb))
        {
            return false;
        }

        if (!attributes.IsResourceRequest)
        {
            return rule.NonResourceUrls.Any(url => UrlCovers(url, attributes.Path));
        }

        var combined = attributes.Subresource.Length == 0 ? attributes.Resource : $"{attributes.Resource}/{attributes.Subresource}";
        return HasOrAll(rule.ApiGroups, attributes.Group)
            && rule.Resources.Any(resource => resource == RbacGroup.All || resource == combined ||
                (attributes.Subresource.Length > 0 && resource == $"{RbacGroup.All}/{attributes.Subresource}"))
            && (rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(attributes.Name, StringComparer.Ordinal));
    }

    /// <summary>kube's <c>nonResourceURLCovers</c>: an exact path, <c>*</c>, or a prefix ending in stars.</summary>
    public static bool UrlCovers(string ruleUrl, string path) =>
        ruleUrl == RbacGroup.All || ruleUrl == path ||
        (ruleUrl.EndsWith('*') && path.StartsWith(ruleUrl.TrimEnd('*'), StringComparison.Ordinal));

    private static bool HasOrAll(IReadOnlyList<string> values, string value) =>
        values.Any(candidate => candidate == RbacGroup.All || candidate == value);
}
