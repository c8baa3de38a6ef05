using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Tests.Yaml;

public sealed class YamlCodecTests
{
    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Fixture_pb_prints_the_fixture_yaml(string version, string kind)
    {
        var yaml = KubernetesObjectCodec.EncodeYaml(KubernetesObjectCodec.DecodeProtobuf(Fixtures.Bytes(version, kind, "pb")));

        Assert.Equal(Fixtures.Text(version, kind, "yaml"), yaml);
    }

    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Fixture_yaml_encodes_to_the_fixture_pb(string version, string kind)
    {
        var obj = KubernetesObjectCodec.DecodeYaml(Fixtures.Bytes(version, kind, "yaml"), strict: true);

        Assert.Equal(
            Convert.ToHexString(Fixtures.Bytes(version, kind, "pb")),
            Convert.ToHexString(KubernetesObjectCodec.EncodeProtobuf(obj)));
    }

    [Fact]
    public void Strings_that_would_read_as_other_types_are_quoted()
    {
        var cm = new ConfigMap();
        cm.Metadata.Name = "cm";
        foreach (var (key, value) in new[] { ("a", "123"), ("b", "true"), ("c", "yes"), ("d", ""), ("e", "null"), ("f", "plain text"), ("g", "1.5"), ("h", "2024-01-02"), ("i", "line1\nline2\n"), ("j", "a: b") })
        {
            cm.Data[key] = value;
        }

        var yaml = KubernetesObjectCodec.EncodeYaml(cm);

        Assert.Contains("  a: \"123\"\n  b: \"true\"\n  c: \"yes\"\n  d: \"\"\n  e: \"null\"\n  f: plain text\n  g: \"1.5\"\n  h: \"2024-01-02\"\n  i: |\n    line1\n    line2\n  j: 'a: b'\n", yaml, StringComparison.Ordinal);
        var back = Assert.IsType<ConfigMap>(KubernetesObjectCodec.DecodeYaml(System.Text.Encoding.UTF8.GetBytes(yaml), strict: true));
        Assert.Equal(cm.Data, back.Data);
    }

    [Fact]
    public void Arbitrary_strings_round_trip_through_yaml()
    {
        const string alphabet = "ab Z09-_.:#&*!|>'\"%@`{}[],?~=\n\t\r\\/ é€😀\u0085\u2028\u00a0";
        var random = new Random(20261128);
        var cm = new ConfigMap();
        for (var i = 0; i < 400; i++)
        {
            var key = "k" + i;
            var length = random.Next(0, 24);
            var value = new System.Text.StringBuilder();
            for (var j = 0; j < length; j++)
            {
                var c = alphabet[random.Next(alphabet.Length)];
                if (char.IsHighSurrogate(c))
                {
                    value.Append("😀");
                }
                else if (!char.IsLowSurrogate(c))
                {
                    value.Append(c);
                }
            }

            cm.Data[key] = value.ToString();
            cm.Metadata.Labels[value.ToString()] = key;
        }

        var yaml = KubernetesObjectCodec.EncodeYaml(cm);
        var back = Assert.IsType<ConfigMap>(KubernetesObjectCodec.DecodeYaml(System.Text.Encoding.UTF8.GetBytes(yaml), strict: true));

        Assert.Equal(cm.Data, back.Data);
        Assert.Equal(cm.Metadata.Labels, back.Metadata.Labels);
    }

    [Fact]
    public void Keys_sort_as_kubectl_prints_them()
    {
        var cm = new ConfigMap();
        foreach (var key in new[] { "item10", "item2", "b", "a_b", "aB" })
        {
            cm.Data[key] = "v";
        }

        var yaml = KubernetesObjectCodec.EncodeYaml(cm);

        Assert.Contains("data:\n  a_b: v\n  aB: v\n  b: v\n  item2: v\n  item10: v\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_scalars_are_typed_like_kubectl_does()
    {
        var yaml = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: s
              generation: 0x10
              labels:
                quoted: "123"
            immutable: yes
            stringData:
              key: some value
            """u8;

        var secret = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeYaml(yaml, strict: true));

        Assert.Equal(16, secret.Metadata.Generation);
        Assert.Equal("123", secret.Metadata.Labels["quoted"]);
        Assert.True(secret.Immutable);
        Assert.Equal("some value", secret.StringData["key"]);
    }

    [Fact]
    public void Unquoted_number_for_a_string_field_is_a_type_error()
    {
        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeYaml("apiVersion: v1\nkind: Secret\nmetadata:\n  labels:\n    a: 123\n"u8));

        Assert.Equal("metadata.labels.a: expected string, got number", error.Message);
    }

    [Fact]
    public void Strict_yaml_reports_unknown_and_duplicate_fields()
    {
        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeYaml(
            "apiVersion: v1\nkind: Namespace\nspec:\n  foo: 1\nmetadata:\n  name: a\n  name: b\n"u8, strict: true));

        Assert.Equal(["unknown field \"spec.foo\"", "duplicate field \"metadata.name\""], error.StrictErrors);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Secret\n---\napiVersion: v1\nkind: Secret\n", "more than one document")]
    [InlineData("", "empty")]
    [InlineData("a: [", "invalid YAML")]
    [InlineData("a: &x [*x]", "unknown anchor")]
    public void Bad_yaml_is_named(string yaml, string fragment)
    {
        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.DecodeYaml(System.Text.Encoding.UTF8.GetBytes(yaml)));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anchors_and_aliases_expand()
    {
        var cm = Assert.IsType<ConfigMap>(KubernetesObjectCodec.DecodeYaml(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: &l {a: b}\n  annotations: *l\n"u8));

        Assert.Equal("b", cm.Metadata.Annotations["a"]);
    }

    [Fact]
    public void Detect_and_decode_picks_the_form()
    {
        var secret = new Secret { Type = "Opaque" };
        secret.Metadata.Name = "s";

        foreach (var form in new[]
        {
            KubernetesObjectCodec.EncodeProtobuf(secret),
            KubernetesObjectCodec.EncodeJson(secret, indented: true),
            System.Text.Encoding.UTF8.GetBytes(KubernetesObjectCodec.EncodeYaml(secret)),
        })
        {
            var back = Assert.IsType<Secret>(KubernetesObjectCodec.DetectAndDecode(form, strict: true));
            Assert.Equal(("s", "Opaque"), (back.Metadata.Name, back.Type));
        }
    }
}
