namespace AtRest.ApiServer.Audit;

/// <summary>authentication.k8s.io/v1 <c>UserInfo</c> as an audit event records it.</summary>
/// <param name="Username">The user name.</param>
/// <param name="Groups">The groups.</param>
public sealed record AuditUser(string Username, IReadOnlyList<string> Groups)
{
    /// <summary>Who an unauthenticated request to a public path is, as kube-apiserver names it.</summary>
    public static AuditUser Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);
}
