using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace AtRest.Storage;

/// <summary>
/// The storage key layout kube-apiserver uses in etcd:
/// <c>&lt;prefix&gt;/&lt;resource&gt;/&lt;namespace&gt;/&lt;name&gt;</c> for namespaced resources and
/// <c>&lt;prefix&gt;/&lt;resource&gt;/&lt;name&gt;</c> for cluster-scoped ones; the prefix is <c>--etcd-prefix</c>
/// (default <c>/registry</c>).
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
        ["namespaces"] = false,
        ["nodes"] = false,
        ["persistentvolumes"] = false,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, bool> namespaced;

    /// <summary>Creates the layout under <paramref name="prefix"/>.</summary>
    /// <param name="prefix">The key prefix, like <c>--etcd-prefix</c>; must start with '/'. A trailing '/' is ignored.</param>
    /// <param name="extraResources">
    /// Resources beyond the built-in ones (secrets, configmaps, serviceaccounts, events, pods, services are namespaced;
    /// namespaces, nodes, persistentvolumes are cluster-scoped), mapped to whether they are namespaced.
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
        return $"{Prefix}/{resource}/";
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

    private bool TryParse(string key, [NotNullWhen(true)] out StorageKey? parsed, out string error)
    {
        parsed = null;
        var root = Prefix + "/";
        if (key is null || !key.StartsWith(root, StringComparison.Ordinal))
        {
            error = $"does not start with the prefix '{root}'";
            return false;
        }

        var parts = key[root.Length..].Split('/');
        if (!namespaced.TryGetValue(parts[0], out var isNamespaced))
        {
            error = $"resource '{parts[0]}' is not known to the storage key layout";
            return false;
        }

        var expected = isNamespaced ? 3 : 2;
        if (parts.Length != expected)
        {
            error = isNamespaced
                ? $"a key of namespaced resource '{parts[0]}' has the form {root}{parts[0]}/<namespace>/<name>"
                : $"a key of cluster-scoped resource '{parts[0]}' has the form {root}{parts[0]}/<name>";
            return false;
        }

        var name = parts[^1];
        var @namespace = isNamespaced ? parts[1] : null;
        var problem = (@namespace is null ? null : NamespaceProblem(@namespace)) ?? NameProblem(name);
        if (problem is not null)
        {
            error = problem;
            return false;
        }

        parsed = new StorageKey(parts[0], @namespace, name);
        error = string.Empty;
        return true;
    }

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
