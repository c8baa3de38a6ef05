using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace AtRest.Storage;

/// <summary>
/// The storage key layout kube-apiserver uses in etcd:
/// <c>&lt;prefix&gt;/&lt;resource&gt;/&lt;namespace&gt;/&lt;name&gt;</c> for namespaced resources and
/// <c>&lt;prefix&gt;/&lt;resource&gt;/&lt;name&gt;</c> for cluster-scoped ones; the prefix is <c>--etcd-prefix</c>
/// (default <c>/registry</c>). Four core resources keep the directories of older releases:
/// <code>
/// nodes                  → &lt;prefix&gt;/minions/&lt;name&gt;
/// replicationcontrollers → &lt;prefix&gt;/controllers/&lt;namespace&gt;/&lt;name&gt;
/// services               → &lt;prefix&gt;/services/specs/&lt;namespace&gt;/&lt;name&gt;
/// endpoints              → &lt;prefix&gt;/services/endpoints/&lt;namespace&gt;/&lt;name&gt;
/// </code>
/// This is the one place that turns keys into (resource, namespace, name) and back, for the server and every command.
/// </summary>
public sealed class StorageKeys
{
    /// <summary>kube-apiserver's default <c>--etcd-prefix</c>.</summary>
    public const string DefaultPrefix = "/registry";

    private const int MaxNameLength = 253;
    private const int MaxNamespaceLength = 63;

    private static readonly FrozenDictionary<string, bool> BuiltInScopes = new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        ["secrets"] = true,
        ["configmaps"] = true,
        ["serviceaccounts"] = true,
        ["events"] = true,
        ["pods"] = true,
        ["services"] = true,
        ["endpoints"] = true,
        ["replicationcontrollers"] = true,
        ["namespaces"] = false,
        ["nodes"] = false,
        ["persistentvolumes"] = false,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // kube-apiserver's legacy storage directories (pkg/registry/core/*/storage): resource → path below the prefix.
    private static readonly FrozenDictionary<string, string> LegacyDirectories = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["nodes"] = "minions",
        ["replicationcontrollers"] = "controllers",
        ["services"] = "services/specs",
        ["endpoints"] = "services/endpoints",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, bool> namespaced;

    /// <summary>Creates the layout under <paramref name="prefix"/>.</summary>
    /// <param name="prefix">The key prefix, like <c>--etcd-prefix</c>; must start with '/'. A trailing '/' is ignored.</param>
    /// <param name="extraResources">
    /// Resources beyond the built-in ones (secrets, configmaps, serviceaccounts, events, pods, services, endpoints,
    /// replicationcontrollers are namespaced; namespaces, nodes, persistentvolumes are cluster-scoped), mapped to whether
    /// they are namespaced.
    /// </param>
    public StorageKeys(string prefix = DefaultPrefix, IReadOnlyDictionary<string, bool>? extraResources = null)
    {
        Prefix = NormalizePrefix(prefix);
        var scopes = new Dictionary<string, bool>(BuiltInScopes, StringComparer.Ordinal);
        foreach (var (resource, isNamespaced) in extraResources ?? new Dictionary<string, bool>())
        {
            ValidateResourceName(resource);
            scopes[resource] = isNamespaced;
        }

        namespaced = scopes.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The layout with the default prefix <c>/registry</c>.</summary>
    public static StorageKeys Default { get; } = new();

    /// <summary>The normalized prefix without a trailing '/': <c>/registry</c>, or empty for the root.</summary>
    public string Prefix { get; }

    /// <summary>Whether objects of <paramref name="resource"/> live in a namespace.</summary>
    /// <exception cref="ArgumentException">The resource is not known to this layout.</exception>
    public bool IsNamespaced(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return namespaced.TryGetValue(resource, out var result)
            ? result
            : throw new ArgumentException(
                $"resource '{resource}' is not known to the storage key layout; known resources: {string.Join(", ", namespaced.Keys.Order(StringComparer.Ordinal))}",
                nameof(resource));
    }

    /// <summary>The key of one object.</summary>
    /// <param name="resource">The plural resource name, e.g. <c>secrets</c>.</param>
    /// <param name="namespace">The namespace for a namespaced resource; null or empty for a cluster-scoped one.</param>
    /// <param name="name">The object's name.</param>
    /// <exception cref="ArgumentException">A part is invalid or the namespace does not fit the resource's scope.</exception>
    public string Key(string resource, string? @namespace, string name)
    {
        ValidateName(name, nameof(name));
        if (IsNamespaced(resource) && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"resource '{resource}' is namespaced, so its key needs a namespace", nameof(@namespace));
        }

        return IsNamespaced(resource)
            ? $"{NamespacePrefix(resource, @namespace!)}{name}"
            : string.IsNullOrEmpty(@namespace)
                ? $"{ResourcePrefix(resource)}{name}"
                : throw new ArgumentException(
                    $"resource '{resource}' is cluster-scoped, so its key takes no namespace (got '{@namespace}')", nameof(@namespace));
    }

    /// <summary>The prefix of every object of a namespaced resource in one namespace, ending with '/'.</summary>
    /// <exception cref="ArgumentException">The resource is cluster-scoped or a part is invalid.</exception>
    public string NamespacePrefix(string resource, string @namespace)
    {
        if (!IsNamespaced(resource))
        {
            throw new ArgumentException($"resource '{resource}' is cluster-scoped and has no namespace prefix", nameof(resource));
        }

        ValidateNamespace(@namespace, nameof(@namespace));
        return $"{ResourcePrefix(resource)}{@namespace}/";
    }

    /// <summary>The prefix of every object of a resource (all namespaces), ending with '/'.</summary>
    /// <exception cref="ArgumentException">The resource is not known.</exception>
    public string ResourcePrefix(string resource)
    {
        IsNamespaced(resource);
        return $"{Prefix}/{Directory(resource)}/";
    }

    /// <summary>Splits a key built by this layout back into its parts.</summary>
    /// <exception cref="FormatException">The key is not a valid object key under this layout; the message says why.</exception>
    public StorageKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryParse(key, out var parsed, out var error) ? parsed : throw new FormatException($"storage key '{key}': {error}");
    }

    /// <summary>Splits a key built by this layout back into its parts; false when it is not one.</summary>
    public bool TryParse(string key, [NotNullWhen(true)] out StorageKey? parsed) => TryParse(key, out parsed, out _);

    /// <summary>Splits a key built by this layout back into its parts; false, with the reason, when it is not one.</summary>
    public bool TryParse(string key, [NotNullWhen(true)] out StorageKey? parsed, out string error) =>
        TryParse(key, lenient: false, out parsed, out error);

    /// <summary>
    /// As <see cref="Parse"/>, but a resource this layout does not know (a key a real cluster wrote, e.g.
    /// <c>/registry/deployments/ns/web</c>) is accepted too: two segments after it are a namespace and a name, one is a
    /// cluster-scoped name. Tools that read any key of a store use this; the server uses <see cref="Parse"/>.
    /// </summary>
    /// <exception cref="FormatException">The key is not an object key; the message says why.</exception>
    public StorageKey ParseAnyResource(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryParseAnyResource(key, out var parsed, out var error) ? parsed : throw new FormatException($"storage key '{key}': {error}");
    }

    /// <summary>As <see cref="ParseAnyResource"/>; false, with the reason, when the key is not an object key.</summary>
    public bool TryParseAnyResource(string key, [NotNullWhen(true)] out StorageKey? parsed, out string error) =>
        TryParse(key, lenient: true, out parsed, out error);

    private string Directory(string resource) => LegacyDirectories.TryGetValue(resource, out var directory) ? directory : resource;

    private bool TryParse(string? key, bool lenient, [NotNullWhen(true)] out StorageKey? parsed, out string error)
    {
        parsed = null;
        var root = Prefix + "/";
        if (key is null || !key.StartsWith(root, StringComparison.Ordinal))
        {
            error = $"does not start with the prefix '{root}'";
            return false;
        }

        var (resource, rest) = SplitResource(key[root.Length..]);
        if (resource.Length == 0)
        {
            error = $"has no resource after the prefix '{root}'";
            return false;
        }

        if (Directory(resource) != resource && IsLegacyName(resource, key[root.Length..]))
        {
            error = $"resource '{resource}' is stored under '{root}{Directory(resource)}/'";
            return false;
        }

        string[] parts = rest.Length == 0 ? [] : rest.Split('/');
        bool isNamespaced;
        if (namespaced.TryGetValue(resource, out var known))
        {
            isNamespaced = known;
        }
        else if (lenient && parts.Length is 1 or 2)
        {
            isNamespaced = parts.Length == 2;
        }
        else
        {
            error = lenient
                ? $"a key of resource '{resource}' has the form {root}{resource}/[<namespace>/]<name>"
                : $"resource '{resource}' is not known to the storage key layout";
            return false;
        }

        var directory = root + Directory(resource);
        if (parts.Length != (isNamespaced ? 2 : 1))
        {
            error = isNamespaced
                ? $"a key of namespaced resource '{resource}' has the form {directory}/<namespace>/<name>"
                : $"a key of cluster-scoped resource '{resource}' has the form {directory}/<name>";
            return false;
        }

        var name = parts[^1];
        var @namespace = isNamespaced ? parts[0] : null;
        var problem = (@namespace is null ? null : NamespaceProblem(@namespace)) ?? NameProblem(name);
        if (problem is not null)
        {
            error = problem;
            return false;
        }

        parsed = new StorageKey(resource, @namespace, name);
        error = string.Empty;
        return true;
    }

    // The resource a path below the prefix names, and what follows its directory.
    private static (string Resource, string Remainder) SplitResource(string path)
    {
        foreach (var (resource, directory) in LegacyDirectories)
        {
            if (path.StartsWith(directory + "/", StringComparison.Ordinal))
            {
                return (resource, path[(directory.Length + 1)..]);
            }
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (path, "") : (path[..slash], path[(slash + 1)..]);
    }

    // A key such as <prefix>/nodes/x uses the resource's name where kube-apiserver uses its legacy directory.
    private static bool IsLegacyName(string resource, string path) => !path.StartsWith(LegacyDirectories[resource] + "/", StringComparison.Ordinal);

    private static string NormalizePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!prefix.StartsWith('/'))
        {
            throw new ArgumentException($"storage key prefix '{prefix}' must start with '/'", nameof(prefix));
        }

        var trimmed = prefix.TrimEnd('/');
        if (trimmed.Split('/').Skip(1).Any(segment => segment.Length == 0 || segment is "." or ".."))
        {
            throw new ArgumentException($"storage key prefix '{prefix}' has an empty, '.' or '..' segment", nameof(prefix));
        }

        return trimmed;
    }

    private static void ValidateResourceName(string resource)
    {
        if (string.IsNullOrEmpty(resource) || !resource.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.'))
        {
            throw new ArgumentException($"resource name '{resource}' must be non-empty lowercase letters, digits, '-' or '.'", nameof(resource));
        }
    }

    private static void ValidateNamespace(string @namespace, string parameter)
    {
        if (NamespaceProblem(@namespace) is { } problem)
        {
            throw new ArgumentException(problem, parameter);
        }
    }

    private static void ValidateName(string name, string parameter)
    {
        if (NameProblem(name) is { } problem)
        {
            throw new ArgumentException(problem, parameter);
        }
    }

    // A namespace is a DNS-1123 label, as Kubernetes requires.
    private static string? NamespaceProblem(string? @namespace)
    {
        if (string.IsNullOrEmpty(@namespace))
        {
            return "the namespace is empty";
        }

        var valid = @namespace.Length <= MaxNamespaceLength
            && @namespace.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            && @namespace[0] != '-'
            && @namespace[^1] != '-';
        return valid
            ? null
            : $"namespace '{@namespace}' must be a DNS-1123 label: at most {MaxNamespaceLength} lowercase letters, digits or '-', starting and ending with a letter or digit";
    }

    // Names become one path segment, so they follow Kubernetes' path segment rules.
    private static string? NameProblem(string? name) => name switch
    {
        null or "" => "the name is empty",
        "." or ".." => $"name '{name}' may not be '.' or '..'",
        { Length: > MaxNameLength } => $"name is longer than {MaxNameLength} characters",
        _ when name.Contains('/') => $"name '{name}' may not contain '/'",
        _ when name.Contains('%') => $"name '{name}' may not contain '%'",
        _ when name.Any(char.IsControl) => "name may not contain control characters",
        _ => null,
    };
}
