using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Audit;

namespace AtRest.ApiServer.Tests.Audit;

/// <summary>Secret values never survive sanitizing; equal values get equal fingerprints wherever they appear.</summary>
public sealed class AuditBodySanitizerTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private readonly ValueFingerprinter _fingerprinter = new(Key);
    private readonly AuditBodySanitizer _sanitizer;

    public AuditBodySanitizerTests() => _sanitizer = new AuditBodySanitizer(_fingerprinter);

    private string Expected(string value) =>
        "hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(value)));

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    [Fact]
    public void A_secret_keeps_its_shape_and_loses_its_values()
    {
        var lastApplied = """{"apiVersion":"v1","kind":"Secret","stringData":{"pw":"hunter2-value"}}""";
        var node = JsonNode.Parse($$$"""
            {"kind":"Secret","apiVersion":"v1","metadata":{"name":"db","labels":{"app":"web"},
             "annotations":{"kubectl.kubernetes.io/last-applied-configuration":{{{System.Text.Json.JsonSerializer.Serialize(lastApplied)}}},"team":"red"}},
             "data":{"pw":"{{{B64("hunter2-value")}}}"},"stringData":{"token":"t0ken-value"},"type":"Opaque"}
            """);
        _sanitizer.SanitizeObject(node, dataIsBase64: true);

        Assert.Equal(Expected("hunter2-value"), (string?)node!["data"]!["pw"]);
        Assert.Equal(Expected("t0ken-value"), (string?)node["stringData"]!["token"]);
        Assert.Equal(Expected(lastApplied), (string?)node["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Equal("red", (string?)node["metadata"]!["annotations"]!["team"]);
        Assert.Equal("web", (string?)node["metadata"]!["labels"]!["app"]);
        Assert.Equal("db", (string?)node["metadata"]!["name"]);
        Assert.Equal("Opaque", (string?)node["type"]);
        AssertAbsent(node, "hunter2-value", "t0ken-value");
    }

    [Fact]
    public void Lists_tables_and_watch_events_are_sanitized_at_any_depth()
    {
        var node = JsonNode.Parse($$$"""
            {"kind":"SecretList","items":[{"metadata":{"name":"a"},"data":{"k":"{{{B64("list-value")}}}"}}],
             "rows":[{"cells":["a"],"object":{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"data\":{\"k\":\"table-value\"}}"} } } }],
             "object":{"data":{"k":"{{{B64("event-value")}}}"} } }
            """);
        _sanitizer.SanitizeObject(node, dataIsBase64: true);
        Assert.Equal(Expected("list-value"), (string?)node!["items"]![0]!["data"]!["k"]);
        Assert.Equal(Expected("event-value"), (string?)node["object"]!["data"]!["k"]);
        AssertAbsent(node, "list-value", "table-value", "event-value");
    }

    [Fact]
    public void ConfigMap_data_is_text_and_binaryData_is_base64()
    {
        var node = JsonNode.Parse($$$"""{"data":{"a":"plain-config-value"},"binaryData":{"b":"{{{B64("binary-value")}}}"}}""");
        _sanitizer.SanitizeObject(node, dataIsBase64: false);
        Assert.Equal(Expected("plain-config-value"), (string?)node!["data"]!["a"]);
        Assert.Equal(Expected("binary-value"), (string?)node["binaryData"]!["b"]);
    }

    [Fact]
    public void Data_that_is_not_base64_is_fingerprinted_as_text()
    {
        var node = JsonNode.Parse("""{"data":{"a":"not base64!"}}""");
        _sanitizer.SanitizeObject(node, dataIsBase64: true);
        Assert.Equal(Expected("not base64!"), (string?)node!["data"]!["a"]);
    }

    [Fact]
    public void A_merge_patch_has_every_string_fingerprinted_and_its_keys_kept()
    {
        var node = JsonNode.Parse($$$"""
            {"metadata":{"annotations":{"note":"merge-note-value"}},"data":{"k":"{{{B64("merge-value")}}}"},"stringData":{"s":"merge-string"},
             "$setElementOrder/list":[{"name":"list-entry"}],"count":3}
            """);
        _sanitizer.SanitizePatch(node, dataIsBase64: true);
        Assert.Equal(Expected("merge-value"), (string?)node!["data"]!["k"]);
        Assert.Equal(Expected("merge-string"), (string?)node["stringData"]!["s"]);
        Assert.Equal(Expected("merge-note-value"), (string?)node["metadata"]!["annotations"]!["note"]);
        Assert.Equal(Expected("list-entry"), (string?)node["$setElementOrder/list"]![0]!["name"]);
        Assert.Equal(3, (int)node["count"]!);
    }

    [Fact]
    public void A_json_patch_keeps_operations_and_paths_and_fingerprints_values()
    {
        var node = JsonNode.Parse($$$"""
            [{"op":"add","path":"/data/k","value":"{{{B64("json-patch-value")}}}"},
             {"op":"replace","path":"/data","value":{"j":"{{{B64("whole-map-value")}}}"}},
             {"op":"replace","path":"/metadata/annotations","value":{"x":"annotation-value"}},
             {"op":"test","path":"/stringData/s","value":"string-value"},
             {"op":"remove","path":"/data/old"}]
            """);
        _sanitizer.SanitizePatch(node, dataIsBase64: true);
        Assert.Equal("add", (string?)node![0]!["op"]);
        Assert.Equal("/data/k", (string?)node[0]!["path"]);
        Assert.Equal(Expected("json-patch-value"), (string?)node[0]!["value"]);
        Assert.Equal(Expected("whole-map-value"), (string?)node[1]!["value"]!["j"]);
        Assert.Equal(Expected("annotation-value"), (string?)node[2]!["value"]!["x"]);
        Assert.Equal(Expected("string-value"), (string?)node[3]!["value"]);
        Assert.Equal("/data/old", (string?)node[4]!["path"]);
    }

    [Fact]
    public void Equal_values_have_equal_fingerprints_whether_written_as_data_or_stringData()
    {
        Assert.Equal(_fingerprinter.Fingerprint("same"), _fingerprinter.FingerprintBase64(B64("same")));
        Assert.NotEqual(_fingerprinter.Fingerprint("same"), _fingerprinter.Fingerprint("other"));
        Assert.NotEqual(_fingerprinter.Fingerprint("same"), new ValueFingerprinter(RandomNumberGenerator.GetBytes(32)).Fingerprint("same"));
        Assert.Matches("^hmac-sha256:[0-9a-f]{64}$", _fingerprinter.Fingerprint("same"));
    }

    [Fact]
    public void Managed_fields_can_be_left_out()
    {
        var node = JsonNode.Parse("""{"metadata":{"name":"a","managedFields":[{"manager":"kubectl"}]},"items":[{"metadata":{"managedFields":[]}}]}""");
        AuditBodySanitizer.RemoveManagedFields(node);
        Assert.Equal("""{"metadata":{"name":"a"},"items":[{"metadata":{}}]}""", node!.ToJsonString());
    }

    private static void AssertAbsent(JsonNode? node, params string[] values)
    {
        var text = node!.ToJsonString();
        foreach (var value in values)
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
            Assert.DoesNotContain(B64(value), text, StringComparison.Ordinal);
        }
    }
}
