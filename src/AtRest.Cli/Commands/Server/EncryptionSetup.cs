using AtRest.ApiServer.Hosting;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Kms;

namespace AtRest.Cli.Commands.Server;

/// <summary>The encryption configuration the server starts with: the given file, or the generated default.</summary>
internal sealed class EncryptionSetup
{
    private readonly ReloadableResourceTransformers _reloadable;

    private EncryptionSetup(string path, LoadedEncryptionConfiguration loaded)
    {
        Path = path;
        ContentHash = loaded.ContentHash;
        _reloadable = new ReloadableResourceTransformers(loaded);
    }

    /// <summary>The configuration file in use.</summary>
    public string Path { get; }

    /// <summary>Its content hash (<c>sha256:&lt;hex&gt;</c>).</summary>
    public string ContentHash { get; }

    /// <summary>The transformers the API uses; swapped on reload.</summary>
    public IResourceTransformers Transformers => _reloadable;

    /// <summary>Loads <c>--encryption-provider-config</c>, or creates and loads the default one in the data directory.</summary>
    /// <exception cref="EncryptionConfigurationException">The file is invalid.</exception>
    public static EncryptionSetup Load(ServerSettings settings, TextWriter output)
    {
        var path = settings.EncryptionProviderConfig;
        if (path is null)
        {
            path = DataDirectory.EncryptionConfig(settings.DataDirectory);
            if (DefaultEncryptionConfig.EnsureExists(path))
            {
                output.WriteLine($"atrest: generated an encryption configuration with a new secretbox key for secrets: {path}");
            }
            else
            {
                output.WriteLine($"atrest: encrypting secrets with the configuration in {path}");
            }
        }
        else
        {
            output.WriteLine($"atrest: encryption configuration {path}{(settings.AutomaticReload ? " (reloaded automatically)" : string.Empty)}");
        }

        var loaded = EncryptionConfigurationLoader.LoadFile(path, settings.AutomaticReload, KmsRuntimeOptions.FromEnvironment(settings.KmsV1));
        foreach (var warning in loaded.Warnings)
        {
            output.WriteLine($"atrest: warning: {warning}");
        }

        return new EncryptionSetup(path, loaded);
    }

    /// <summary>The reloader's settings, or null when automatic reload is off.</summary>
    public EncryptionConfigReloadOptions? ReloadOptions(ServerSettings settings) => settings.AutomaticReload
        ? new EncryptionConfigReloadOptions(Path, settings.ReloadInterval, _reloadable, ContentHash, KmsRuntimeOptions.FromEnvironment(settings.KmsV1))
        : null;
}
