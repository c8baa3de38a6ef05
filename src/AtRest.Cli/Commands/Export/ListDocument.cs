using System.Text;
using System.Text.Json.Nodes;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;

namespace AtRest.Cli.Commands.Export;

/// <summary>
/// Objects as one <c>v1 List</c>, the form <c>kubectl get -o yaml|json</c> prints and <c>kubectl apply -f</c> takes.
/// Every item is written by the Kubernetes codec (kubectl's field order and YAML style); YAML items are the codec's
/// YAML of the object under a <c>- </c> marker:
/// <code>
/// apiVersion: v1
/// items:
/// - apiVersion: v1        ← first line of the item's YAML after "- "
///   data: ...             ← every further line indented by two spaces
/// kind: List
/// metadata:
///   resourceVersion: ""
/// </code>
/// </summary>
internal static class ListDocument
{
    public static string Yaml(IReadOnlyList<KubernetesResource> items)
    {
        var text = new StringBuilder("apiVersion: v1\n");
        if (items.Count == 0)
        {
            text.Append("items: []\n");
        }
        else
        {
            text.Append("items:\n");
            foreach (var item in items)
            {
                var lines = KubernetesObjectCodec.EncodeYaml(item).TrimEnd('\n').Split('\n');
                text.Append("- ").Append(lines[0]).Append('\n');
                foreach (var line in lines.Skip(1))
                {
                    text.Append(line.Length == 0 ? "" : "  ").Append(line).Append('\n');
                }
            }
        }

        return text.Append("kind: List\nmetadata:\n  resourceVersion: \"\"\n").ToString();
    }

    public static string Json(IReadOnlyList<KubernetesResource> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(JsonNode.Parse(KubernetesObjectCodec.EncodeJson(item)));
        }

        var list = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["items"] = array,
            ["kind"] = "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = "" },
        };
        return list.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
