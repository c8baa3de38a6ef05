using System.Text.Json.Nodes;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Resources.Unstructured;

/// <summary>
/// An object of a kind that needs no typed logic (as kube's custom resources): typed metadata, every other field kept
/// as JSON. Served with <see cref="UnstructuredStrategy"/> and <see cref="Serialization.UnstructuredCodec"/>.
/// </summary>
internal sealed class UnstructuredObject : KubernetesResource
{
    /// <summary>Creates an empty object of the given type.</summary>
    public UnstructuredObject(string apiVersion, string kind)
        : base(apiVersion, kind)
    {
    }

    /// <summary>Every field but <c>apiVersion</c>, <c>kind</c> and <c>metadata</c>, in the order received.</summary>
    public JsonObject Content { get; set; } = [];
}
