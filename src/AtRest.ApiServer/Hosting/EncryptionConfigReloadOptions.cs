using AtRest.Encryption;
using AtRest.Encryption.Kms;

namespace AtRest.ApiServer.Hosting;

/// <summary>How <c>--encryption-provider-config-automatic-reload</c> reloads the file.</summary>
/// <param name="Path">The configuration file.</param>
/// <param name="Interval">How often the file's hash is compared (kube: one minute).</param>
/// <param name="Target">The transformers the API uses; a valid new configuration is swapped into it atomically.</param>
/// <param name="AppliedHash">The hash of the configuration serving at start.</param>
/// <param name="Kms">KMS timings and the KMSv1 gate for reloaded configurations; kube's defaults when null.</param>
public sealed record EncryptionConfigReloadOptions(
    string Path, TimeSpan Interval, ReloadableResourceTransformers Target, string AppliedHash, KmsRuntimeOptions? Kms = null);
