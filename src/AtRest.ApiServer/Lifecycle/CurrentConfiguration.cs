using AtRest.Encryption;
using AtRest.Encryption.Configuration;

namespace AtRest.ApiServer.Lifecycle;

/// <summary>The loaded configuration behind the transformers a server uses, for tools that need more than reads and writes.</summary>
public static class CurrentConfiguration
{
    /// <summary>The configuration now serving, or null when the transformers are not built from a configuration file.</summary>
    public static LoadedEncryptionConfiguration? Of(IResourceTransformers transformers) => transformers switch
    {
        ReloadableResourceTransformers reloadable => reloadable.Current as LoadedEncryptionConfiguration,
        LoadedEncryptionConfiguration loaded => loaded,
        _ => null,
    };
}
