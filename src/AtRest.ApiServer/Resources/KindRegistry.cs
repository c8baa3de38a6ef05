using AtRest.ApiServer.Resources.Kinds;
using AtRest.ApiServer.Serialization;

namespace AtRest.ApiServer.Resources;

/// <summary>
/// The kinds a server serves, in discovery order: the one list routes, discovery, OpenAPI, the codec dispatch and the
/// storage keys are built from.
/// </summary>
internal sealed class KindRegistry
{
    /// <summary>Creates a registry; two registrations of one resource in one group version are refused.</summary>
    /// <exception cref="ArgumentException">A duplicate, or a registration that is neither stored nor answered.</exception>
    public KindRegistry(IEnumerable<KindRegistration> kinds)
    {
        All = [.. kinds];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in All)
        {
            if (!seen.Add($"{kind.PathPrefix}/{kind.Resource}"))
            {
                throw new ArgumentException($"resource {kind.Resource} of {kind.GroupVersion} is registered twice", nameof(kinds));
            }

            if (kind.IsStored == (kind.Create is not null))
            {
                throw new ArgumentException(
                    $"{kind.Kind} of {kind.GroupVersion} needs exactly one of a strategy (a stored kind) or a create handler (a review)", nameof(kinds));
            }

            if (kind.Codec is { } codec)
            {
                ObjectCodec.Register(codec);
            }
        }

        Groups = All.Where(k => k.Group.Length > 0)
            .GroupBy(k => k.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(k => k.Version).Distinct().ToList()))
            .ToList();
    }

    /// <summary>What this server serves out of the box.</summary>
    public static KindRegistry BuiltIn { get; } = new(
    [
        SecretKind.Registration,
        ConfigMapKind.Registration,
        NamespaceKind.Registration,
        EventKind.Registration,
        EventsV1Kind.Registration,
        SelfSubjectReviewKind.V1,
        SelfSubjectReviewKind.V1Beta1,
        SelfSubjectAccessReviewKind.Registration,
        SelfSubjectRulesReviewKind.Registration,
        ClusterRoleBindingKind.Registration,
        ClusterRoleKind.Registration,
        RoleBindingKind.Registration,
        RoleKind.Registration,
    ]);

    /// <summary>Every registration, in discovery order.</summary>
    public IReadOnlyList<KindRegistration> All { get; }

    /// <summary>The non-core groups in order, each with its versions in order of preference.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups { get; }

    /// <summary>The core group's kinds (<c>/api/v1</c>).</summary>
    public IEnumerable<KindRegistration> Core => All.Where(k => k.Group.Length == 0);

    /// <summary>The stored kinds.</summary>
    public IEnumerable<KindRegistration> Stored => All.Where(k => k.IsStored);

    /// <summary>The kinds of one group version (the core group is <c>""</c>).</summary>
    public IEnumerable<KindRegistration> Of(string group, string version) =>
        All.Where(k => k.Group == group && k.Version == version);

    /// <summary>This registry with <paramref name="more"/> served after the built-in kinds.</summary>
    public KindRegistry With(params KindRegistration[] more) => new([.. All, .. more]);
}
