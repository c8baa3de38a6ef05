using AtRest.Tests.Shared.Fuzz;

namespace AtRest.Kubernetes.Tests.Fuzz;

public sealed class ProtobufDecoderFuzzTests
{
    private static readonly int Inputs = FuzzSeed.Scaled(40_000);

    [Fact]
    public void Every_hostile_protobuf_body_decodes_or_fails_with_KubernetesProtobufException()
    {
        var inputs = new FuzzInputs(FuzzFormat.Protobuf, FuzzSeeds.Protobuf, FuzzSeed.Value);

        var outcome = DecoderFuzz.Run(
            inputs,
            Inputs,
            input => DecodedObjectChecks.AssertStorable(KubernetesObjectCodec.DecodeProtobuf(input)),
            DecodedObjectChecks.IsCleanProtobufError);

        Assert.True(outcome.Decoded > Inputs / 100, $"only {outcome.Decoded} of {Inputs} inputs decoded; the mutations no longer leave valid documents (seed {inputs.Seed})");
        Assert.True(outcome.Rejected > Inputs / 2, $"only {outcome.Rejected} of {Inputs} inputs were rejected (seed {inputs.Seed})");
    }
}
