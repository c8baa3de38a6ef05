using System.Text;
using System.Text.Json.Nodes;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.Codec;

public sealed class CodecCommandTests
{
    public static TheoryData<string, string> Fixtures => new()
    {
        { "HEAD", "Secret" },
        { "HEAD", "ConfigMap" },
        { "HEAD", "Namespace" },
        { "v1.33.0", "Secret" },
        { "v1.33.0", "ConfigMap" },
        { "v1.33.0", "Namespace" },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Decode_prints_the_fixture_yaml(string version, string kind)
    {
        var result = await AtrestTool.RunAsync(File.ReadAllBytes(Fixture(version, kind, "pb")), "decode");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(File.ReadAllText(Fixture(version, kind, "yaml")), result.StdoutText);
    }

    [Fact]
    public async Task Decode_json_prints_the_fixture_object()
    {
        var result = await AtrestTool.RunAsync(File.ReadAllBytes(Fixture("HEAD", "Secret", "pb")), "decode", "-o", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Fixture("HEAD", "Secret", "json"))), JsonNode.Parse(result.StdoutText)), result.StdoutText);
    }

    [Fact]
    public async Task Decode_accepts_the_newline_etcdctl_appends()
    {
        var stored = File.ReadAllBytes(Fixture("HEAD", "ConfigMap", "pb"));

        var result = await AtrestTool.RunAsync([.. stored, (byte)'\n'], "decode");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(File.ReadAllText(Fixture("HEAD", "ConfigMap", "yaml")), result.StdoutText);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Encode_of_the_fixture_json_yields_the_fixture_pb(string version, string kind)
    {
        var result = await AtrestTool.RunAsync([], "encode", "-f", Fixture(version, kind, "json"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        var expected = File.ReadAllBytes(Fixture(version, kind, "pb"));
        if (KubernetesObjectCodec.DecodeProtobuf(expected) is Secret secret)
        {
            // The fixture is the wire form, with stringData; what is stored has it folded into data.
            secret.FoldStringData();
            expected = KubernetesObjectCodec.EncodeProtobuf(secret);
        }

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(result.Stdout));
    }

    [Fact]
    public async Task Encode_folds_stringData_into_data_as_the_server_stores_it()
    {
        var yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s1\n  namespace: default\ndata:\n  a: b2xk\n  b: a2VlcA==\nstringData:\n  a: new\n";
        var result = await AtrestTool.RunAsync(Encoding.UTF8.GetBytes(yaml), "encode", "-f", "-");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var stored = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeProtobuf(result.Stdout));
        Assert.Empty(stored.StringData);
        Assert.Equal("new", Encoding.UTF8.GetString(stored.Data["a"]));
        Assert.Equal("keep", Encoding.UTF8.GetString(stored.Data["b"]));
    }

    [Fact]
    public async Task Encode_reads_yaml_from_standard_input()
    {
        var result = await AtrestTool.RunAsync(File.ReadAllBytes(Fixture("HEAD", "Namespace", "yaml")), "encode", "-f", "-");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(Convert.ToHexString(File.ReadAllBytes(Fixture("HEAD", "Namespace", "pb"))), Convert.ToHexString(result.Stdout));
    }

    [Fact]
    public async Task Decode_of_truncated_protobuf_fails_with_a_clear_message()
    {
        var stored = File.ReadAllBytes(Fixture("HEAD", "Secret", "pb"));

        var result = await AtrestTool.RunAsync(stored[..100], "decode");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("error: cannot decode the stored value (Kubernetes protobuf): invalid runtime.Unknown: runtime.Unknown.raw at offset 19 declares", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "standard input is empty")]
    [InlineData("garbage", "not Kubernetes protobuf")]
    [InlineData("k8s:enc:aescbc:v1:key1:0123456789abcdef", "the value is encrypted")]
    public async Task Decode_of_bad_input_fails_with_a_clear_message(string input, string message)
    {
        var result = await AtrestTool.RunAsync(Encoding.UTF8.GetBytes(input), "decode");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_of_an_unknown_field_fails_naming_it()
    {
        using var dir = new TempDirectory("codec");
        var file = dir.File("bad.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  nmae: typo\n", TestContext.Current.CancellationToken);

        var result = await AtrestTool.RunAsync([], "encode", "-f", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("strict decoding error: unknown field \"metadata.nmae\"", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_of_a_missing_file_fails()
    {
        var result = await AtrestTool.RunAsync([], "encode", "-f", "/nonexistent/secret.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot read /nonexistent/secret.yaml", result.Stderr, StringComparison.Ordinal);
    }

    private static string Fixture(string version, string kind, string extension) =>
        SharedData.Path("k8s-fixtures", version, $"core.v1.{kind}.{extension}");
}
