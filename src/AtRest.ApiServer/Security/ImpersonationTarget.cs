using AtRest.ApiServer.Hosting;

namespace AtRest.ApiServer.Security;

/// <summary>
/// One thing a request asks to act as, as kube's impersonation filter models it (a <c>v1.ObjectReference</c>), and the
/// <c>impersonate</c> check it needs: users and groups (and service accounts, in their namespace) in the core group, uids
/// and user extras (the key as subresource) in <c>authentication.k8s.io</c>.
/// </summary>
/// <param name="Kind">What is impersonated.</param>
/// <param name="Name">The user, group, uid or extra value.</param>
/// <param name="Namespace">A service account's namespace; empty otherwise.</param>
/// <param name="ExtraKey">A user extra's key (percent-decoded, lower-case); empty otherwise.</param>
internal sealed record ImpersonationTarget(ImpersonationTargetKind Kind, string Name, string Namespace = "", string ExtraKey = "")
{
    /// <summary>The verb every impersonation check asks for.</summary>
    public const string Verb = "impersonate";

    private const string AuthenticationGroup = "authentication.k8s.io";
    private const string AuthenticationVersion = "v1";

    /// <summary>The group the check is made in: <c>authentication.k8s.io</c> for uids and extras, core otherwise.</summary>
    public string Group => Kind is ImpersonationTargetKind.UserExtra or ImpersonationTargetKind.Uid ? AuthenticationGroup : "";

    /// <summary>The resource the check names.</summary>
    public string Resource => Kind switch
    {
        ImpersonationTargetKind.User => "users",
        ImpersonationTargetKind.ServiceAccount => "serviceaccounts",
        ImpersonationTargetKind.Group => "groups",
        ImpersonationTargetKind.UserExtra => "userextras",
        _ => "uids",
    };

    /// <summary>Whether this target names the user (<c>Impersonate-User</c>).</summary>
    public bool IsUser => Kind is ImpersonationTargetKind.User or ImpersonationTargetKind.ServiceAccount;

    /// <summary>The attributes the requestor must be allowed: <c>impersonate</c> on this target.</summary>
    public RequestInfo Attributes(string path) =>
        new(true, Verb, Group, Group.Length == 0 ? "" : AuthenticationVersion, Resource, ExtraKey, Namespace, Name, path);

    /// <summary>
    /// Go's <c>%v</c> of the <c>v1.ObjectReference</c> kube builds for this target: its seven string fields (kind,
    /// namespace, name, uid, apiVersion, resourceVersion, fieldPath) joined by single spaces, in braces, e.g.
    /// <c>{Group  devs    }</c> or <c>{UID  42  authentication.k8s.io/v1  }</c>.
    /// </summary>
    public string GoValue()
    {
        var apiVersion = Group.Length == 0 ? "" : AuthenticationGroup + "/" + AuthenticationVersion;
        return "{" + string.Join(' ', Kind.ToString().Replace("Uid", "UID", StringComparison.Ordinal), Namespace, Name, "", apiVersion, "", ExtraKey) + "}";
    }
}
