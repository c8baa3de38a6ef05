using AtRest.ApiServer.Authorization;

namespace AtRest.Cli.Commands.Export;

/// <summary>The names of kube's default cluster roles and bindings (<see cref="BootstrapPolicy"/>), which every server writes itself.</summary>
internal static class BootstrapDefaults
{
    /// <summary>The default ClusterRoles' names.</summary>
    public static readonly HashSet<string> Roles = [.. BootstrapPolicy.ClusterRoles().Select(r => r.Metadata.Name)];

    /// <summary>The default ClusterRoleBindings' names.</summary>
    public static readonly HashSet<string> Bindings = [.. BootstrapPolicy.ClusterRoleBindings().Select(b => b.Metadata.Name)];
}
