namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>
/// rbac/v1 <c>PolicyRule</c>: verbs on resources of API groups (optionally only some names), or verbs on non-resource
/// URLs. <c>*</c> is the wildcard of each list. Immutable: a role's rules are shared by every decision that reads them.
/// </summary>
/// <param name="Verbs"><c>verbs</c> (JSON writes <c>null</c> when empty, as a Go nil slice without omitempty).</param>
/// <param name="ApiGroups"><c>apiGroups</c>; <c>""</c> is the core group.</param>
/// <param name="Resources"><c>resources</c>; <c>res/sub</c> names a subresource, <c>*/sub</c> that subresource of all.</param>
/// <param name="ResourceNames"><c>resourceNames</c>; empty allows every name.</param>
/// <param name="NonResourceUrls"><c>nonResourceURLs</c>; a trailing <c>*</c> matches any suffix.</param>
public sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    /// <summary>A rule on resources.</summary>
    public static PolicyRule ForResources(string[] verbs, string[] apiGroups, string[] resources) => new(verbs, apiGroups, resources, [], []);

    /// <summary>A rule on some named objects of resources.</summary>
    public static PolicyRule ForNames(string[] verbs, string[] apiGroups, string[] resources, string[] names) => new(verbs, apiGroups, resources, names, []);

    /// <summary>A rule on non-resource URLs.</summary>
    public static PolicyRule ForUrls(string[] verbs, string[] urls) => new(verbs, [], [], [], urls);

    /// <summary>Whether this rule names non-resource URLs.</summary>
    public bool IsNonResource => NonResourceUrls.Count > 0;

    /// <summary>Whether both rules list the same strings in the same order (records compare lists by reference).</summary>
    public bool SameAs(PolicyRule other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Verbs.SequenceEqual(other.Verbs, StringComparer.Ordinal)
            && ApiGroups.SequenceEqual(other.ApiGroups, StringComparer.Ordinal)
            && Resources.SequenceEqual(other.Resources, StringComparer.Ordinal)
            && ResourceNames.SequenceEqual(other.ResourceNames, StringComparer.Ordinal)
            && NonResourceUrls.SequenceEqual(other.NonResourceUrls, StringComparer.Ordinal);
    }
}
