namespace AtRest.ApiServer.Tests.Interop;

/// <summary>The interop suite with secrets encrypted by aescbc.</summary>
[Collection(InteropCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AescbcInteropTests(AescbcInteropTests.Pair pair) : InteropTests(pair), IClassFixture<AescbcInteropTests.Pair>
{
    /// <summary>kube-apiserver and AtRest on aescbc.</summary>
    public sealed class Pair() : InteropPair(InteropProvider.Aescbc);
}
