namespace AtRest.ApiServer.Tests.Interop;

/// <summary>The interop suite with secrets encrypted by identity.</summary>
[Collection(InteropCollection.Name)]
[Trait("Category", "Integration")]
public sealed class IdentityInteropTests(IdentityInteropTests.Pair pair) : InteropTests(pair), IClassFixture<IdentityInteropTests.Pair>
{
    /// <summary>kube-apiserver and AtRest on identity.</summary>
    public sealed class Pair() : InteropPair(InteropProvider.Identity);
}
