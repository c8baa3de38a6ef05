using AtRest.Tests.Shared.Fuzz;

namespace AtRest.Kubernetes.Tests.Fuzz;

public sealed class JsonDecoderFuzzTests
{
    // With the YAML and protobuf runs: 105,000 inputs per run (times ATREST_FUZZ_SCALE).
    private static readonly int Inputs = FuzzSeed.Scaled(40_000);

    [Fact]
    public void Every_hostile_JSON_body_decodes_or_fails_with_KubernetesJsonException()
    {
        var inputs = new FuzzInputs(FuzzFormat.Json, FuzzSeeds.Json, FuzzSeed.Value);
        var variant = 0;

        var outcome = DecoderFuzz.Run(
            inputs,
            Inputs,
            input =>
            {
                // As the API server reads bodies (strict or not, kind known from the URL) and as the CLI does (detected).
                var obj = (variant++ % 3) switch
                {
                    0 => KubernetesObjectCodec.DecodeJson(input, strict: true, expectedKind: "Secret"),
                    1 => KubernetesObjectCodec.DecodeJson(input),
                    _ => KubernetesObjectCodec.DetectAndDecode(input),
                };
                DecodedObjectChecks.AssertStorable(obj);
            },
            DecodedObjectChecks.IsCleanTextError);

        Assert.True(outcome.Decoded > Inputs / 100, $"only {outcome.Decoded} of {Inputs} inputs decoded; the mutations no longer leave valid documents (seed {inputs.Seed})");
        Assert.True(outcome.Rejected > Inputs / 2, $"only {outcome.Rejected} of {Inputs} inputs were rejected (seed {inputs.Seed})");
    }
}
