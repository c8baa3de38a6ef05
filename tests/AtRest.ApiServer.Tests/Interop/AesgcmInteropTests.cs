namespace AtRest.ApiServer.Tests.Interop;

/// <summary>The interop suite with secrets encrypted by aesgcm.</summary>
[Collection(InteropCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AesgcmInteropTests(AesgcmInteropTests.Pair pair) : InteropTests(pair), IClassFixture<AesgcmInteropTests.Pair>
{
    /// <summary>kube-apiserver and AtRest on aesgcm.</summary>
    public sealed class Pair() : InteropPair(InteropProvider.Aesgcm);
}
