using System.Text.Json.Nodes;
using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Tests.Json;

public sealed class JsonCodecTests
{
    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Fixture_json_round_trips(string version, string kind)
    {
        var text = Fixtures.Text(version, kind, "json");

        var encoded = KubernetesObjectCodec.EncodeJsonString(KubernetesObjectCodec.DecodeJson(text, strict: true), indented: true);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), JsonNode.Parse(encoded)), encoded);
    }

    [Fact]
    public void Fixture_json_field_order_matches_upstream()
    {
        var text = Fixtures.Text("HEAD", "Secret", "json");

        var encoded = KubernetesObjectCodec.EncodeJsonString(KubernetesObjectCodec.DecodeJson(text), indented: true);

        Assert.Equal(Normalize(text), Normalize(encoded));
    }

    [Fact]
    public void Empty_objects_write_what_upstream_writes()
    {
        var ns = new Namespace();
        ns.Metadata.Name = "team-a";
        var secret = new Secret();
        secret.Metadata.Name = "s";
        var list = new SecretList();

        Assert.Equal(
            """{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a","creationTimestamp":null},"spec":{},"status":{}}""",
            KubernetesObjectCodec.EncodeJsonString(ns));
        Assert.Equal(
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","creationTimestamp":null}}""",
            KubernetesObjectCodec.EncodeJsonString(secret));
        Assert.Equal(
            """{"kind":"SecretList","apiVersion":"v1","metadata":{},"items":[]}""",
            KubernetesObjectCodec.EncodeJsonString(list));
    }

    [Fact]
    public void Status_writes_the_error_shape_kubectl_reads()
    {
        var status = new Status
        {
            State = Status.Failure,
            Message = "secrets \"nosuch\" not found",
            Reason = "NotFound",
            Details = new StatusDetails { Name = "nosuch", Kind = "secrets" },
            Code = 404,
        };

        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"secrets \"nosuch\" not found","reason":"NotFound","details":{"name":"nosuch","kind":"secrets"},"code":404}""",
            KubernetesObjectCodec.EncodeJsonString(status));
        var back = Assert.IsType<Status>(KubernetesObjectCodec.DetectAndDecode(KubernetesObjectCodec.EncodeProtobuf(status)));
        Assert.Equal(404, back.Code);
        Assert.Equal("nosuch", back.Details!.Name);
    }

    [Fact]
    public void Secret_data_is_base64_and_times_are_rfc3339_seconds()
    {
        var secret = new Secret { Type = "Opaque" };
        secret.Metadata.CreationTimestamp = new KubernetesTime(1764341210, 123456789);
        secret.Data["user"] = "admin"u8.ToArray();

        var json = KubernetesObjectCodec.EncodeJsonString(secret);

        Assert.Contains("\"creationTimestamp\":\"2025-11-28T14:46:50Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"data\":{\"user\":\"YWRtaW4=\"}", json, StringComparison.Ordinal);
        var back = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(secret)));
        Assert.Equal(new KubernetesTime(1764341210, 123456789), back.Metadata.CreationTimestamp);
    }

    [Fact]
    public void Rfc3339_with_fraction_and_offset_is_read()
    {
        var ns = Assert.IsType<Namespace>(KubernetesObjectCodec.DecodeJson(
            """{"apiVersion":"v1","kind":"Namespace","metadata":{"creationTimestamp":"2025-11-28T16:46:50.5+02:00"}}"""));

        Assert.Equal(new KubernetesTime(1764341210, 500000000), ns.Metadata.CreationTimestamp);
    }

    [Fact]
    public void Strict_mode_reports_every_unknown_field_by_path()
    {
        const string body = """
            {"apiVersion":"v1","kind":"Namespace","foo":1,"metadata":{"name":"a","bar":2,
             "ownerReferences":[{"apiVersion":"v1","kind":"X","name":"x","uid":"u","baz":3}]},"spec":{"foo":4}}
            """;

        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeJson(body, strict: true));

        Assert.True(error.IsStrictDecodingError);
        Assert.Equal(
            ["unknown field \"foo\"", "unknown field \"metadata.bar\"", "unknown field \"metadata.ownerReferences[0].baz\"", "unknown field \"spec.foo\""],
            error.StrictErrors);
        Assert.StartsWith("strict decoding error: unknown field \"foo\", ", error.Message, StringComparison.Ordinal);
        Assert.Equal("a", KubernetesObjectCodec.DecodeJson(body, strict: false) is Namespace n ? n.Metadata.Name : null);
    }

    [Fact]
    public void Strict_mode_reports_duplicate_fields()
    {
        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeJson(
            """{"apiVersion":"v1","kind":"Secret","type":"a","type":"b"}""", strict: true));

        Assert.Equal(["duplicate field \"type\""], error.StrictErrors);
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":5}}""", "metadata.name: expected string, got number")]
    [InlineData("""{"apiVersion":"v1","kind":"Secret","data":{"k":"***"}}""", "data.k: the value is not valid base64")]
    [InlineData("""{"apiVersion":"v1","kind":"Secret","metadata":{"generation":1.5}}""", "metadata.generation: the number is not a 64-bit integer")]
    [InlineData("""{"apiVersion":"v1","kind":"Secret","metadata":{"creationTimestamp":"yesterday"}}""", "metadata.creationTimestamp: \"yesterday\" is not an RFC 3339 time")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod"}""", "unsupported object type apiVersion \"v1\" kind \"Pod\"")]
    [InlineData("""{"apiVersion":"v1"}""", "Object 'Kind' is missing")]
    [InlineData("""[1]""", "the document: expected object, got array")]
    public void Bad_documents_are_named(string json, string message)
    {
        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeJson(json));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Malformed_json_is_a_codec_error()
    {
        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeJson("""{"kind":"""));

        Assert.StartsWith("invalid JSON:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expected_kind_fills_a_missing_type_and_rejects_another()
    {
        var secret = KubernetesObjectCodec.DecodeJson<Secret>("""{"metadata":{"name":"s"},"stringData":{"a":"b"}}"""u8.ToArray());

        Assert.Equal(("v1", "Secret", "b"), (secret.ApiVersion, secret.Kind, secret.StringData["a"]));
        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeJson<Secret>("""{"kind":"ConfigMap","apiVersion":"v1"}"""u8.ToArray()));
        Assert.Contains("\"ConfigMap\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_creation_timestamp_and_absent_type_are_accepted()
    {
        var secret = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeJson(
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","creationTimestamp":null}}""", strict: true));

        Assert.Null(secret.Metadata.CreationTimestamp);
        Assert.Equal("", secret.Type);
    }

    [Fact]
    public void Lists_round_trip_through_json_and_protobuf()
    {
        var list = new ConfigMapList { Metadata = { ResourceVersion = "42", RemainingItemCount = 3 } };
        var cm = new ConfigMap { ApiVersion = "", Kind = "" };
        cm.Metadata.Name = "cm1";
        cm.Data["k"] = "v";
        list.Items.Add(cm);

        var fromJson = Assert.IsType<ConfigMapList>(KubernetesObjectCodec.DecodeJson(KubernetesObjectCodec.EncodeJson(list), strict: true));
        var fromProto = Assert.IsType<ConfigMapList>(KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(list)));

        foreach (var back in new[] { fromJson, fromProto })
        {
            Assert.Equal("42", back.Metadata.ResourceVersion);
            Assert.Equal(3, back.Metadata.RemainingItemCount);
            Assert.Equal("v", Assert.Single(back.Items).Data["k"]);
        }

        Assert.Equal(KubernetesObjectCodec.EncodeJsonString(fromJson), KubernetesObjectCodec.EncodeJsonString(fromProto));
    }

    [Fact]
    public void Managed_fields_raw_json_passes_through_untouched()
    {
        const string fields = """{"f:data":{".":{},"f:user":{}},"f:type":{}}""";
        var json = """{"apiVersion":"v1","kind":"Secret","metadata":{"managedFields":[{"manager":"kubectl","fieldsType":"FieldsV1","fieldsV1":""" + fields + "}]}}";

        var secret = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeJson(json, strict: true));
        var viaProto = KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(secret));

        Assert.Equal(fields, System.Text.Encoding.UTF8.GetString(secret.Metadata.ManagedFields[0].FieldsV1!));
        Assert.Contains("\"fieldsV1\":" + fields, KubernetesObjectCodec.EncodeJsonString(viaProto), StringComparison.Ordinal);
    }

    private static string Normalize(string json) => string.Concat(json.Where(c => !char.IsWhiteSpace(c)));
}
