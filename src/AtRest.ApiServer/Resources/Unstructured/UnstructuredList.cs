using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Resources.Unstructured;

/// <summary>The list of an unstructured kind (<c>WidgetList</c>).</summary>
internal sealed class UnstructuredList : KubernetesList<UnstructuredObject>
{
    /// <summary>Creates an empty list of the given type.</summary>
    public UnstructuredList(string apiVersion, string kind)
        : base(apiVersion, kind)
    {
    }
}
