using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Storage;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// Which stored keys a run visits: the key ranges of the resources it names, in key order, so that one "last key done"
/// says where any run resumes. A wildcard rule (<c>*.*</c>, <c>*.</c>) scans the whole prefix.
/// </summary>
public sealed class ReencryptionScope
{
    private ReencryptionScope(IReadOnlyList<string> resources, IReadOnlyList<string> prefixes, string ownRecords)
    {
        Resources = resources;
        Prefixes = prefixes;
        OwnRecordsPrefix = ownRecords;
    }

    /// <summary>The resources, as given or as the configuration names them.</summary>
    public IReadOnlyList<string> Resources { get; }

    /// <summary>The key ranges to scan, in key order, none inside another.</summary>
    public IReadOnlyList<string> Prefixes { get; }

    /// <summary>AtRest's own records, which are skipped.</summary>
    public string OwnRecordsPrefix { get; }

    /// <summary>Resolves <paramref name="requested"/> (null or empty: every resource the configuration names).</summary>
    /// <exception cref="ArgumentException">A resource is not one the configuration names or AtRest can find keys of; the message says which.</exception>
    public static ReencryptionScope Resolve(LoadedEncryptionConfiguration configuration, StorageKeys keys, IReadOnlyList<string>? requested)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(keys);
        var configured = configuration.ConfiguredResources.Select(Name).ToList();
        var names = requested is { Count: > 0 } ? requested.Distinct(StringComparer.Ordinal).ToList() : configured;
        if (names.Count == 0)
        {
            throw new ArgumentException("the encryption configuration names no resources, so there is nothing to re-encrypt");
        }

        var prefixes = new List<string>();
        foreach (var name in names)
        {
            var resource = Parse(name);
            if (!Covered(configuration, resource))
            {
                throw new ArgumentException(
                    $"resource \"{name}\" is not named by the encryption configuration (it names: {string.Join(", ", configured)}), so it has no key to re-encrypt with");
            }

            if (resource.Resource == "*" && resource.Group is "" or "*")
            {
                prefixes.Add(keys.Prefix + "/");
            }
            else if (resource.Group.Length != 0 || resource.Resource == "*")
            {
                throw new ArgumentException(
                    $"resource \"{name}\": storage keys carry no API group, so only core resources (secrets, configmaps…) or *.* can be re-encrypted");
            }
            else
            {
                prefixes.Add(KnownPrefix(keys, resource.Resource));
            }
        }

        var ordered = prefixes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var outermost = ordered.Where(p => !ordered.Any(q => q != p && p.StartsWith(q, StringComparison.Ordinal))).ToList();
        return new ReencryptionScope(names, outermost, $"{keys.Prefix}/{LifecycleKeys.Group}/");
    }

    /// <summary>Where the scan of <paramref name="prefix"/> starts after <paramref name="lastKey"/>; null when that range is done.</summary>
    public static string? StartAfter(string prefix, string? lastKey)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (lastKey is null || string.CompareOrdinal(lastKey, prefix) < 0)
        {
            return prefix;
        }

        // Every key of the range sorts between the prefix and the next key that does not start with it.
        return lastKey.StartsWith(prefix, StringComparison.Ordinal) ? lastKey + "\0" : null;
    }

    private static string Name(GroupResource resource) =>
        resource.Group.Length == 0 && resource.Resource == "*" ? "*." : resource.ToString();

    // schema.ParseGroupResource: split at the first dot, no dot is the core group ("*." is the core wildcard).
    private static GroupResource Parse(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("a resource name is empty");
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? new GroupResource("", name) : new GroupResource(name[(dot + 1)..], name[..dot]);
    }

    private static bool Covered(LoadedEncryptionConfiguration configuration, GroupResource resource)
    {
        var rules = configuration.ConfiguredResources;
        return rules.Contains(resource) || rules.Contains(new GroupResource(resource.Group, "*")) || rules.Contains(new GroupResource("*", "*"));
    }

    private static string KnownPrefix(StorageKeys keys, string resource)
    {
        try
        {
            return keys.ResourcePrefix(resource);
        }
        catch (ArgumentException)
        {
            // A resource a real cluster stores that AtRest does not serve: kube-apiserver's layout without a legacy directory.
            return $"{keys.Prefix}/{resource}/";
        }
    }
}
