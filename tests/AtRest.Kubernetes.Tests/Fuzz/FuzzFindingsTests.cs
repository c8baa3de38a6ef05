using System.Text;
using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Tests.Fuzz;

/// <summary>The inputs the decoder fuzzers found that broke the decoders' contract, each pinned to the behaviour now expected.</summary>
public sealed class FuzzFindingsTests
{
    [Theory]
    [InlineData("\\ud800", "\uFFFD")]
    [InlineData("\\udc00\\ud800", "\uFFFD\uFFFD")]
    [InlineData("a\\udbffb", "a\uFFFDb")]
    [InlineData("\\ud83d\\ude00", "\U0001F600")]
    public void An_escaped_lone_surrogate_in_JSON_reads_as_U_FFFD_as_in_Go(string escaped, string expected)
    {
        // System.Text.Json threw InvalidOperationException from GetString (a 500 from the API server).
        var json = "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"s\",\"labels\":{\"" + escaped + "\":\"" + escaped + "\"}}}";

        var secret = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeJson(json, strict: true));

        Assert.Equal(expected, Assert.Single(secret.Metadata.Labels).Key);
        Assert.Equal(expected, secret.Metadata.Labels[expected]);
    }

    [Theory]
    [InlineData("name: \"\\udc00\"")]
    [InlineData("name: \"\\udc00\\ud800\"")]
    public void An_escaped_surrogate_in_YAML_is_a_clean_error_as_in_go_yaml(string line)
    {
        // A low surrogate first made YamlDotNet throw ArgumentOutOfRangeException from Char.ConvertToUtf32; a lone one
        // was already its own YamlException ("found invalid Unicode surrogates").
        var yaml = "kind: Secret\napiVersion: v1\nmetadata:\n  " + line + "\n";

        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeYaml(Encoding.UTF8.GetBytes(yaml)));

        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid Unicode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_octal_YAML_number_over_64_bits_is_a_float_as_in_go_yaml()
    {
        // Convert.ToUInt64(…, 8) threw OverflowException; go-yaml's ParseInt fails and ParseFloat reads it as decimal.
        var json = KubernetesObjectCodec.YamlToJsonBytes("a: 0777777777777777777777777777777\nb: 0777\n"u8);

        Assert.Equal("{\"a\":7.777777777777778E+29,\"b\":511}", Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void A_YAML_float_that_overflows_stays_a_string_as_in_go_yaml()
    {
        // double.TryParse gave infinity, which Utf8JsonWriter refused with ArgumentException.
        var json = KubernetesObjectCodec.YamlToJsonBytes("a: 1e400\nb: -1e400\nc: 1e308\n"u8);

        Assert.Equal("{\"a\":\"1e400\",\"b\":\"-1e400\",\"c\":1E+308}", Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void YAML_that_is_not_UTF_8_is_refused_as_go_yaml_refuses_it()
    {
        byte[] yaml = [.. "kind: Secret\napiVersion: v1\nmetadata:\n  name: a"u8, 0xff, (byte)'\n'];

        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeYaml(yaml));

        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_anchors_cost_no_more_memory_than_the_same_document_without_them()
    {
        // Each anchor kept its own copy of its events: 60 nested anchors around 300,000 scalars copied 18 million
        // event references (twice what parsing the document costs) for a 600 KB body. Anchors now name a range.
        static long Allocated(int anchors)
        {
            var yaml = "kind: ConfigMap\napiVersion: v1\nmetadata: {name: a}\nx: " + string.Concat(Enumerable.Range(0, anchors).Select(i => $"&a{i} ["))
                + new string('[', 60 - anchors) + string.Join(',', Enumerable.Repeat("x", 300_000)) + new string(']', 60) + "\n";
            var before = GC.GetAllocatedBytesForCurrentThread();
            KubernetesObjectCodec.DecodeYaml(Encoding.UTF8.GetBytes(yaml));
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var plain = Allocated(0);
        var anchored = Allocated(60);

        Assert.True(anchored < plain * 1.2, $"{anchored >> 20} MiB with 60 nested anchors, {plain >> 20} MiB without");
    }

    [Theory]
    [InlineData(253402300799L, int.MaxValue)]
    [InlineData(-62135596800L, -200)]
    public void A_protobuf_time_whose_nanos_carry_it_past_year_9999_or_before_year_1_is_refused_in_JSON(long seconds, int nanos)
    {
        // IsRepresentable looked at the seconds only; formatting then threw ArgumentOutOfRangeException from AddTicks.
        var secret = new Secret { Metadata = new ObjectMeta { Name = "t", CreationTimestamp = new KubernetesTime(seconds, nanos) } };
        var decoded = KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(secret));

        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.EncodeJson(decoded));

        Assert.Contains("creationTimestamp: the time is outside years 1 to 9999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nanos_beyond_a_second_carry_into_the_seconds_as_Go_reads_them()
    {
        Assert.Equal("2023-11-14T22:13:22Z", new KubernetesTime(1_700_000_000, 2_000_000_001).ToString());
        Assert.Equal("2023-11-14T22:13:19Z", new KubernetesTime(1_700_000_000, -1).ToString());
    }
}
