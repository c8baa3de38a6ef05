using AtRest.Cli.Tests.KmsPlugin;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>The KMS interop suite with the plugin's PKCS#11 backend on a fresh SoftHSM2 token.</summary>
[Collection(InteropCollection.Name)]
[Trait("Category", "Integration")]
public sealed class KmsInteropSoftHsmTests(KmsInteropSoftHsmTests.Pair pair) : KmsInteropTests(pair), IClassFixture<KmsInteropSoftHsmTests.Pair>
{
    /// <summary>The plugin with <c>--backend pkcs11</c> against SoftHSM2.</summary>
    public sealed class Pair : KmsInteropPair
    {
        private SoftHsmToken? _token;

        /// <inheritdoc />
        protected override IReadOnlyList<string> BackendArguments => Token.BackendArguments;

        /// <inheritdoc />
        protected override IReadOnlyDictionary<string, string> BackendEnvironment => Token.Environment;

        private SoftHsmToken Token => _token ?? throw new InvalidOperationException("the SoftHSM2 token is not created yet");

        /// <inheritdoc />
        protected override async Task PrepareBackendAsync() => _token = await SoftHsmToken.CreateAsync();

        /// <inheritdoc />
        protected override void DisposeBackend() => _token?.Dispose();
    }
}
