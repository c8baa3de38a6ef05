using AtRest.Encryption;

namespace AtRest.ApiServer.Hosting;

/// <summary>How <c>--encryption-provider-config-automatic-reload</c> reloads the file.</summary>
/// <param name="Path">The configuration file.</param>
/// <param name="Interval">How often the file's hash is compared (kube: one minute).</param>
/// <param name="Load">Loads and validates the file; throws with a message naming what is wrong.</param>
/// <param name="Swap">Makes a loaded set current, atomically.</param>
/// <param name="AppliedHash">The hash of the configuration serving at start.</param>
public sealed record EncryptionConfigReloadOptions(
    string Path, TimeSpan Interval, Func<string, IResourceTransformers> Load, Action<IResourceTransformers> Swap, string AppliedHash);
