using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Storage;

/// <summary>One decoded change from a watch.</summary>
/// <param name="Type">Added, modified or deleted.</param>
/// <param name="Object">The object after the change (for a delete: its last state, with the deletion's revision).</param>
/// <param name="Previous">The object before the change, when there was one.</param>
/// <param name="Revision">The revision of the change.</param>
internal sealed record ObjectChange(ObjectChangeType Type, KubernetesResource Object, KubernetesResource? Previous, long Revision);
