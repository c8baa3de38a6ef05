using System.Text;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Serialization;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// An object as kube-apiserver's field manager sees it: the versioned object after decoding, i.e. after the scheme's
/// <c>SetDefaults_*</c> (Secret <c>type: Opaque</c>, Namespace <c>status.phase: Active</c>) and the v1 → internal
/// conversion that folds a Secret's <c>stringData</c> into <c>data</c>, but before the strategy's PrepareForCreate/Update
/// (so a namespace's <c>spec.finalizers</c> and name label are nobody's), without <c>managedFields</c>.
/// </summary>
internal static class FieldManagerView
{
    /// <summary>The JSON tree of <paramref name="obj"/> as the field manager compares it.</summary>
    public static JsonObject Of(KubernetesResource obj)
    {
        var json = JsonNode.Parse(ObjectCodec.ToJson(obj))!.AsObject();
        (json["metadata"] as JsonObject)?.Remove("managedFields");
        ApplyDecodeDefaults(json);
        return json;
    }

    /// <summary>Applies the decode-time defaults of the object's kind to <paramref name="json"/> in place.</summary>
    public static void ApplyDecodeDefaults(JsonObject json)
    {
        switch ((string?)json["kind"])
        {
            case "Secret":
                if (json["stringData"] is JsonObject stringData)
                {
                    var data = json["data"] as JsonObject ?? new JsonObject();
                    json.Remove("data");
                    foreach (var (key, value) in stringData)
                    {
                        data.Remove(key);
                        data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)value ?? ""));
                    }

                    json.Remove("stringData");
                    json["data"] = data;
                }

                if (string.IsNullOrEmpty((string?)json["type"]))
                {
                    json["type"] = "Opaque";
                }

                break;
            case "Namespace":
                var status = json["status"] as JsonObject;
                if (status is null)
                {
                    status = new JsonObject();
                    json["status"] = status;
                }

                if (string.IsNullOrEmpty((string?)status["phase"]))
                {
                    status["phase"] = "Active";
                }

                break;
        }
    }
}
