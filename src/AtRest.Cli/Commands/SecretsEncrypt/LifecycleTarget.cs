using AtRest.Cli.Commands.Server;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// Where a <c>secrets-encrypt</c> command works: offline on a store with a configuration file
/// (<see cref="Store"/> and <see cref="ConfigPath"/> set), or online through a kubeconfig (<see cref="Kubeconfig"/>).
/// </summary>
/// <param name="Store">The store flags, as the server takes them; null when online.</param>
/// <param name="ConfigPath">The encryption configuration to read with, offline.</param>
/// <param name="Kubeconfig">The kubeconfig to find the server with (null: KUBECONFIG, then ~/.kube/config), online.</param>
internal sealed record LifecycleTarget(ServerSettings? Store, string? ConfigPath, string? Kubeconfig)
{
    /// <summary>Whether the command reads the store itself.</summary>
    public bool Offline => Store is not null;
}
