namespace AtRest.ApiServer.Discovery;

/// <summary>
/// The resources served outside the core group: the self-subject reviews (create only, cluster-scoped). Discovery
/// and the review routes both follow this list. <c>authentication.k8s.io/v1beta1</c> is served for kubectl 1.27,
/// whose <c>auth whoami</c> tries v1beta1 then v1alpha1 (1.28+ try v1 first).
/// </summary>
internal static class NonCoreResources
{
    private static readonly string[] CreateOnly = ["create"];

    /// <summary>Every served non-core resource; within a group, versions in order of preference.</summary>
    public static IReadOnlyList<GroupResource> All { get; } =
    [
        new("authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false, CreateOnly),
        new("authentication.k8s.io", "v1beta1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false, CreateOnly),
        new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false, CreateOnly),
        new("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview", "SelfSubjectRulesReview", false, CreateOnly),
    ];

    /// <summary>The groups in order, each with its versions in order of preference.</summary>
    public static IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups { get; } = All
        .GroupBy(r => r.Group)
        .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(r => r.Version).Distinct().ToList()))
        .ToList();

    /// <summary>The resources of one group version.</summary>
    public static IEnumerable<GroupResource> Of(string group, string version) =>
        All.Where(r => r.Group == group && r.Version == version);
}
