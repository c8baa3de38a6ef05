using AtRest.ApiServer.Discovery;
using AtRest.ApiServer.Resources.Schemas;
using AtRest.ApiServer.Serialization;
using AtRest.ApiServer.Tables;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Resources;

/// <summary>
/// Everything the server knows about one served kind in one group version. Routes, discovery, the OpenAPI documents,
/// the codec dispatch and the storage keys all follow from these, so serving a kind is adding one registration to
/// <see cref="KindRegistry"/>.
/// </summary>
internal sealed record KindRegistration
{
    /// <summary>The API group; empty for the core group (served under <c>/api/v1</c>).</summary>
    public required string Group { get; init; }

    /// <summary>The version, e.g. <c>v1</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The object kind (<c>Secret</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>The kind of its list (<c>SecretList</c>).</summary>
    public string ListKind => Kind + "List";

    /// <summary>The plural resource name of the URL (<c>secrets</c>).</summary>
    public required string Resource { get; init; }

    /// <summary>The singular name (<c>secret</c>).</summary>
    public required string SingularName { get; init; }

    /// <summary>Whether objects live in a namespace.</summary>
    public required bool Namespaced { get; init; }

    /// <summary>kubectl's short forms (<c>cm</c>, <c>ns</c>).</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>The discovery categories (<c>all</c> where kube lists the kind in <c>kubectl get all</c>).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The verbs discovery advertises (see <see cref="KindVerbs"/>).</summary>
    public required IReadOnlyList<string> Verbs { get; init; }

    /// <summary>The Table columns between NAME and AGE (or the whole row, see <see cref="ColumnsAreWholeRow"/>).</summary>
    public IReadOnlyList<TableColumn> Columns { get; init; } = [];

    /// <summary>Whether <see cref="Columns"/> are the whole row, without NAME first and AGE last (kube's events table).</summary>
    public bool ColumnsAreWholeRow { get; init; }

    /// <summary>
    /// Whether the Table has kube's AGE column; false for kinds kube prints with its default convertor (NAME and a
    /// <c>Created At</c> date, which such a kind lists in <see cref="Columns"/>).
    /// </summary>
    public bool AgeColumn { get; init; } = true;

    /// <summary>The Table columns after AGE (kube's <c>-o wide</c> ones, priority 1).</summary>
    public IReadOnlyList<TableColumn> ColumnsAfterAge { get; init; } = [];

    /// <summary>The kind's OpenAPI schema.</summary>
    public required KindSchema Schema { get; init; }

    /// <summary>Creates the kind's rules, for a stored kind; null for a kind that is only created and answered (a review).</summary>
    public Func<ResourceStrategy>? Strategy { get; init; }

    /// <summary>The codec of a stored kind whose model AtRest.Kubernetes does not encode; null for kube's protobuf codecs.</summary>
    public KindCodec? Codec { get; init; }

    /// <summary>The storage key segment (<c>/registry/&lt;segment&gt;/…</c>) when it is not <see cref="Resource"/>.</summary>
    public string? StorageResource { get; init; }

    /// <summary>
    /// The group whose objects these are in storage when it is not <see cref="Group"/> (events.k8s.io events are core
    /// events): the encryption configuration of that group's resource applies.
    /// </summary>
    public string? StorageGroup { get; init; }

    /// <summary>Whether every write expires after the server's event TTL (kube-apiserver's <c>--event-ttl</c>).</summary>
    public bool ExpiresAfterEventTtl { get; init; }

    /// <summary>Answers a POST of a kind that is never stored (the reviews); null for a stored kind.</summary>
    public Func<HttpContext, GroupResource, Task>? Create { get; init; }

    /// <summary><c>v1</c> for the core group, otherwise <c>group/version</c>.</summary>
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The URL prefix of the group version: <c>/api/v1</c> or <c>/apis/group/version</c>.</summary>
    public string PathPrefix => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    /// <summary>The storage key segment.</summary>
    public string StorageSegment => StorageResource ?? Resource;

    /// <summary>Whether objects of the kind are stored (and so listed, watched, encrypted).</summary>
    public bool IsStored => Strategy is not null;

    /// <summary>The review handlers' view of a create-only kind.</summary>
    public GroupResource AsGroupResource() => new(Group, Version, Resource, SingularName, Kind, Namespaced, Verbs);
}
