using AtRest.ApiServer.Errors;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// kube's rule arithmetic for escalation checks and reconciliation (<c>validation.Covers</c>, <c>BreakdownRule</c>,
/// <c>CompactRules</c>, <c>rbacv1helpers.CompactString</c>): whether one set of rules grants everything another does,
/// decided one atom (group × resource × verb × name, or URL × verb) at a time.
/// </summary>
public static class RuleCoverage
{
    /// <summary>Whether <paramref name="owner"/> covers every rule of <paramref name="servant"/>, and the atoms it does not.</summary>
    public static (bool Covered, List<PolicyRule> Missing) Covers(IReadOnlyList<PolicyRule> owner, IEnumerable<PolicyRule> servant)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(servant);
        var missing = servant.SelectMany(Breakdown).Where(atom => !owner.Any(rule => RuleCovers(rule, atom))).ToList();
        return (missing.Count == 0, missing);
    }

    /// <summary>Splits a rule into atoms of one group, resource, verb and name (or one URL and verb).</summary>
    public static IEnumerable<PolicyRule> Breakdown(PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        foreach (var group in rule.ApiGroups)
        {
            foreach (var resource in rule.Resources)
            {
                foreach (var verb in rule.Verbs)
                {
                    if (rule.ResourceNames.Count == 0)
                    {
                        yield return PolicyRule.ForResources([verb], [group], [resource]);
                        continue;
                    }

                    foreach (var name in rule.ResourceNames)
                    {
                        yield return PolicyRule.ForNames([verb], [group], [resource], [name]);
                    }
                }
            }
        }

        foreach (var url in rule.NonResourceUrls)
        {
            foreach (var verb in rule.Verbs)
            {
                yield return PolicyRule.ForUrls([verb], [url]);
            }
        }
    }

    /// <summary>Merges rules of one group, one resource and at most one name that differ only in their verbs.</summary>
    public static List<PolicyRule> Compact(IEnumerable<PolicyRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var compacted = new List<PolicyRule>();
        var simple = new Dictionary<(string Group, string Resource, string? Name), List<string>>();
        var order = new List<(string Group, string Resource, string? Name)>();
        foreach (var rule in rules)
        {
            if (rule.ResourceNames.Count > 1 || rule.NonResourceUrls.Count > 0 || rule.ApiGroups.Count != 1 || rule.Resources.Count != 1)
            {
                compacted.Add(rule);
                continue;
            }

            var key = (rule.ApiGroups[0], rule.Resources[0], rule.ResourceNames.Count == 0 ? null : rule.ResourceNames[0]);
            if (!simple.TryGetValue(key, out var verbs))
            {
                simple[key] = verbs = [];
                order.Add(key);
            }

            verbs.AddRange(rule.Verbs.Where(verb => !verbs.Contains(verb, StringComparer.Ordinal)));
        }

        compacted.AddRange(order.Select(key => new PolicyRule(simple[key], [key.Group], [key.Resource], key.Name is null ? [] : [key.Name], [])));
        return compacted;
    }

    /// <summary>kube's compact text of a rule: <c>{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}</c>.</summary>
    public static string CompactString(PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parts = new List<string>();
        Add(parts, "APIGroups", rule.ApiGroups);
        Add(parts, "Resources", rule.Resources);
        Add(parts, "NonResourceURLs", rule.NonResourceUrls);
        Add(parts, "ResourceNames", rule.ResourceNames);
        Add(parts, "Verbs", rule.Verbs);
        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>Go's <c>%q</c> of a <c>[]string</c>: <c>["a" "b"]</c>.</summary>
    public static string GoQuotedList(IEnumerable<string> values) => "[" + string.Join(" ", values.Select(ApiErrors.Quote)) + "]";

    // kube's ruleCovers: the owner rule grants the atom (which has at most one verb, group, resource, name, URL).
    private static bool RuleCovers(PolicyRule owner, PolicyRule atom) =>
        (owner.Verbs.Contains(RbacGroup.All) || HasAll(owner.Verbs, atom.Verbs))
        && (owner.ApiGroups.Contains(RbacGroup.All) || HasAll(owner.ApiGroups, atom.ApiGroups))
        && ResourcesCover(owner.Resources, atom.Resources)
        && atom.NonResourceUrls.All(url => owner.NonResourceUrls.Any(ownerUrl => ownerUrl == url ||
            (ownerUrl.EndsWith('*') && url.StartsWith(ownerUrl.TrimEnd('*'), StringComparison.Ordinal))))
        && (atom.ResourceNames.Count == 0
            ? owner.ResourceNames.Count == 0
            : owner.ResourceNames.Count == 0 || HasAll(owner.ResourceNames, atom.ResourceNames));

    // A subresource "res/sub" is also covered by "*/sub".
    private static bool ResourcesCover(IReadOnlyList<string> owner, IReadOnlyList<string> atom) =>
        owner.Contains(RbacGroup.All) || atom.All(path => owner.Contains(path) ||
            (path.Contains('/', StringComparison.Ordinal) && owner.Contains("*/" + path.Split('/', 2)[1])));

    private static bool HasAll(IReadOnlyList<string> set, IReadOnlyList<string> contains) => contains.All(set.Contains);

    private static void Add(List<string> parts, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            parts.Add($"{name}:{GoQuotedList(values)}");
        }
    }
}
