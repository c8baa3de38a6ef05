namespace AtRest.ApiServer.Discovery;

/// <summary>A resource of a non-core API group, as discovery lists it.</summary>
/// <param name="Group">The API group, e.g. <c>authorization.k8s.io</c>.</param>
/// <param name="Version">The version, e.g. <c>v1</c>.</param>
/// <param name="Resource">The plural resource name.</param>
/// <param name="SingularName">The singular name.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Namespaced">Whether objects live in namespaces.</param>
/// <param name="Verbs">The verbs served.</param>
internal sealed record GroupResource(string Group, string Version, string Resource, string SingularName, string Kind, bool Namespaced, IReadOnlyList<string> Verbs)
{
    /// <summary><c>group/version</c>.</summary>
    public string GroupVersion => $"{Group}/{Version}";
}
