namespace AtRest.ApiServer.Tests.Interop;

/// <summary>The interop suite with secrets encrypted by secretbox.</summary>
[Collection(InteropCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SecretboxInteropTests(SecretboxInteropTests.Pair pair) : InteropTests(pair), IClassFixture<SecretboxInteropTests.Pair>
{
    /// <summary>kube-apiserver and AtRest on secretbox.</summary>
    public sealed class Pair() : InteropPair(InteropProvider.Secretbox);
}
