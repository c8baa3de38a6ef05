using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Audit;

/// <summary>authentication.k8s.io/v1 <c>UserInfo</c> as an audit event records it.</summary>
/// <param name="Username">The user name; empty for a request whose authentication failed.</param>
/// <param name="Groups">The groups.</param>
public sealed record AuditUser(string Username, IReadOnlyList<string> Groups)
{
    /// <summary>Who an unauthenticated request to a public path is, as kube-apiserver names it.</summary>
    public static AuditUser Anonymous { get; } = new(AuthenticatedUser.AnonymousName, [AuthenticatedUser.UnauthenticatedGroup]);

    /// <summary>No user: what kube records for a request whose authentication failed (<c>"user":{}</c>).</summary>
    public static AuditUser None { get; } = new("", []);

    /// <summary>The uid, or empty.</summary>
    public string Uid { get; init; } = "";

    /// <summary>The extra attributes (written sorted by key, as Go writes a map).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra { get; init; }

    /// <summary>The record of <paramref name="user"/>.</summary>
    public static AuditUser Of(AuthenticatedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new AuditUser(user.Name, user.Groups) { Uid = user.Uid, Extra = user.Extra.Count == 0 ? null : user.Extra };
    }
}
