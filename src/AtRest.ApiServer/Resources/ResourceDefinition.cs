namespace AtRest.ApiServer.Resources;

/// <summary>One served resource of the core <c>v1</c> group, as discovery and the storage layer see it.</summary>
/// <param name="Resource">The plural resource name, also the storage key segment (<c>secrets</c>).</param>
/// <param name="SingularName">The singular name (<c>secret</c>).</param>
/// <param name="Kind">The object kind (<c>Secret</c>).</param>
/// <param name="Namespaced">Whether objects live in a namespace.</param>
/// <param name="ShortNames">kubectl's short forms (<c>cm</c>, <c>ns</c>).</param>
/// <param name="Verbs">The verbs discovery advertises.</param>
internal sealed record ResourceDefinition(
    string Resource,
    string SingularName,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Verbs)
{
    /// <summary>The kind of the list type (<c>SecretList</c>).</summary>
    public string ListKind => Kind + "List";
}
