using AtRest.Tests.Shared.Fuzz;

namespace AtRest.Kubernetes.Tests.Fuzz;

public sealed class YamlDecoderFuzzTests
{
    // Fewer than JSON and protobuf: YamlDotNet is the slowest of the three.
    private static readonly int Inputs = FuzzSeed.Scaled(25_000);

    [Fact]
    public void Every_hostile_YAML_body_decodes_or_fails_with_KubernetesJsonException()
    {
        var inputs = new FuzzInputs(FuzzFormat.Yaml, FuzzSeeds.Yaml, FuzzSeed.Value);
        var variant = 0;

        var outcome = DecoderFuzz.Run(
            inputs,
            Inputs,
            input =>
            {
                var obj = (variant++ % 2) switch
                {
                    0 => KubernetesObjectCodec.DecodeYaml(input, strict: true, expectedKind: "ConfigMap"),
                    _ => KubernetesObjectCodec.DecodeYaml(input),
                };
                DecodedObjectChecks.AssertStorable(obj);
            },
            DecodedObjectChecks.IsCleanTextError);

        Assert.True(outcome.Decoded > Inputs / 100, $"only {outcome.Decoded} of {Inputs} inputs decoded; the mutations no longer leave valid documents (seed {inputs.Seed})");
        Assert.True(outcome.Rejected > Inputs / 10, $"only {outcome.Rejected} of {Inputs} inputs were rejected (seed {inputs.Seed})");
    }
}
