namespace AtRest.ApiServer.Security;

/// <summary>Who made a request, as Kubernetes' <c>user.Info</c> (name and groups).</summary>
/// <param name="Name">The user name (client certificate CN).</param>
/// <param name="Groups">The groups (client certificate O values, plus <c>system:authenticated</c>).</param>
public sealed record AuthenticatedUser(string Name, IReadOnlyList<string> Groups)
{
    /// <summary>The group whose members may do everything.</summary>
    public const string MastersGroup = "system:masters";

    /// <summary>The admin identity the generated kubeconfig and the token carry.</summary>
    public static AuthenticatedUser Admin { get; } = new("admin", [MastersGroup, "system:authenticated"]);

    /// <summary>Whether the user belongs to <c>system:masters</c>.</summary>
    public bool IsMaster => Groups.Contains(MastersGroup, StringComparer.Ordinal);
}
