using System.Text.Json.Nodes;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Patching;

namespace AtRest.ApiServer.Tests.Patching;

public sealed class PatchTests
{
    [Fact]
    public void MergePatch_Rfc7386()
    {
        var result = JsonMergePatch.Apply(Json("""{"a":"b","c":{"d":"e","f":"g"}}"""), Json("""{"a":"z","c":{"f":null}}"""));

        Assert.Equal("""{"a":"z","c":{"d":"e"}}""", result!.ToJsonString());
    }

    [Fact]
    public void StrategicMerge_ReplaceDirectiveRetainKeysAndElementOrder()
    {
        var target = Json("""{"metadata":{"labels":{"a":"1","b":"2"}},"data":{"x":"1","y":"2"}}""");

        var result = StrategicMergePatch.Apply(target,
            Json("""{"metadata":{"labels":{"$patch":"replace","c":"3"}},"data":{"$retainKeys":["x"],"z":"3"},"$setElementOrder/items":[{"k":"v"}]}"""));

        Assert.Equal("""{"metadata":{"labels":{"c":"3"}},"data":{"x":"1","z":"3"}}""", result!.ToJsonString());
    }

    [Fact]
    public void StrategicMerge_FinalizersUnionAndDeleteFromPrimitiveList()
    {
        var target = Json("""{"metadata":{"finalizers":["a","b"]}}""");

        var added = StrategicMergePatch.Apply(target, Json("""{"metadata":{"finalizers":["c","a"]}}"""));
        var removed = StrategicMergePatch.Apply(added, Json("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}"""));

        Assert.Equal("""{"metadata":{"finalizers":["a","c"]}}""", removed!.ToJsonString());
    }

    [Fact]
    public void StrategicMerge_OwnerReferencesMergeByUid()
    {
        var target = Json("""{"metadata":{"ownerReferences":[{"uid":"1","name":"a"},{"uid":"2","name":"b"}]}}""");

        var result = StrategicMergePatch.Apply(target, Json("""{"metadata":{"ownerReferences":[{"uid":"2","name":"B"},{"uid":"1","$patch":"delete"},{"uid":"3","name":"c"}]}}"""));

        Assert.Equal("""{"metadata":{"ownerReferences":[{"uid":"2","name":"B"},{"uid":"3","name":"c"}]}}""", result!.ToJsonString());
    }

    [Fact]
    public void JsonPatch_AllOperations()
    {
        var result = JsonPatch.Apply(Json("""{"a":{"b":1},"list":[1,2]}"""), Json("""
            [{"op":"add","path":"/c","value":3},
             {"op":"replace","path":"/a/b","value":2},
             {"op":"copy","from":"/a","path":"/d"},
             {"op":"move","from":"/c","path":"/e"},
             {"op":"add","path":"/list/-","value":3},
             {"op":"remove","path":"/list/0"},
             {"op":"add","path":"/x~1y","value":true},
             {"op":"test","path":"/e","value":3}]
            """));

        Assert.Equal("""{"a":{"b":2},"list":[2,3],"d":{"b":2},"e":3,"x/y":true}""", result.ToJsonString());
    }

    [Fact]
    public void JsonPatch_MissingPath_Is422_NotAList_Is400()
    {
        var missing = Assert.Throws<ApiException>(() => JsonPatch.Apply(Json("{}"), Json("""[{"op":"remove","path":"/nope"}]""")));
        var malformed = Assert.Throws<ApiException>(() => JsonPatch.Apply(Json("{}"), Json("""{"op":"remove"}""")));

        Assert.Equal(422, missing.Code);
        Assert.Equal(400, malformed.Code);
    }

    private static JsonNode Json(string text) => JsonNode.Parse(text)!;
}
