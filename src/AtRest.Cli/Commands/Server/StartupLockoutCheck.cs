using AtRest.ApiServer.Lifecycle;
using AtRest.Encryption;
using AtRest.Storage;

namespace AtRest.Cli.Commands.Server;

/// <summary>Refuses to start with a configuration that cannot read encrypted objects already in the store.</summary>
internal static class StartupLockoutCheck
{
    /// <summary>Scans the store; throws with one line naming the count and the first keys when objects would be locked out.</summary>
    /// <exception cref="ServerStartupException">Stored objects would become unreadable.</exception>
    public static async Task EnsureSafeAsync(IKeyValueStore store, string etcdPrefix, IResourceTransformers transformers, CancellationToken cancellationToken)
    {
        if (CurrentConfiguration.Of(transformers) is not { } configuration)
        {
            return;
        }

        var report = await new LockoutCheck(store, new StorageKeys(etcdPrefix)).RunAsync(null, configuration, cancellationToken);
        if (!report.Safe)
        {
            throw new ServerStartupException(
                $"refusing to start with encryption configuration {configuration.Path}: {report.Summary()} (pass {LockoutOverride.Flag} to start anyway)");
        }
    }
}
