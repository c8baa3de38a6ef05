namespace AtRest.ApiServer.Tests.Interop;

/// <summary>The KMS interop suite with the plugin's key-file backend.</summary>
[Collection(InteropCollection.Name)]
[Trait("Category", "Integration")]
public sealed class KmsInteropFileTests(KmsInteropFileTests.Pair pair) : KmsInteropTests(pair), IClassFixture<KmsInteropFileTests.Pair>
{
    /// <summary>The plugin with <c>--backend file</c>.</summary>
    public sealed class Pair : KmsInteropPair
    {
        /// <inheritdoc />
        protected override IReadOnlyList<string> BackendArguments => ["--backend", "file", "--key-file", Scratch.File("keys.json")];
    }
}
