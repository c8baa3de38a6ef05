namespace AtRest.ApiServer.Security;

/// <summary>Who made a request, as Kubernetes' <c>user.Info</c> (name, uid and groups).</summary>
/// <param name="Name">The user name (client certificate CN, or the token file's user column).</param>
/// <param name="Groups">The groups (client certificate O values or the token file's group column, plus <c>system:authenticated</c>).</param>
public sealed record AuthenticatedUser(string Name, IReadOnlyList<string> Groups)
{
    // Declared first: the static users below are built with it.
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoExtra = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The group whose members may do everything.</summary>
    public const string MastersGroup = "system:masters";

    /// <summary>The group kube-apiserver adds to every authenticated user.</summary>
    public const string AuthenticatedGroup = "system:authenticated";

    /// <summary>The group of kube's anonymous user.</summary>
    public const string UnauthenticatedGroup = "system:unauthenticated";

    /// <summary>The name kube-apiserver gives a request without credentials.</summary>
    public const string AnonymousName = "system:anonymous";

    /// <summary>The admin identity the generated kubeconfig and the token carry.</summary>
    public static AuthenticatedUser Admin { get; } = new("admin", [MastersGroup, AuthenticatedGroup]);

    /// <summary>The user's uid (the token file's third column); empty when the authenticator has none, as for certificates.</summary>
    public string Uid { get; init; } = string.Empty;

    /// <summary>
    /// The user's extra attributes (<c>user.Info.GetExtra()</c>), keys lower-case; only impersonation
    /// (<c>Impersonate-Extra-*</c>) sets any, as AtRest's authenticators have none.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Extra { get; init; } = NoExtra;

    /// <summary>kube's anonymous user, as whom a request without credentials is judged.</summary>
    public static AuthenticatedUser Anonymous { get; } = new(AnonymousName, [UnauthenticatedGroup]);

    /// <summary>Whether the user belongs to <c>system:masters</c>.</summary>
    public bool IsMaster => Groups.Contains(MastersGroup, StringComparer.Ordinal);

    /// <summary>
    /// A user an authenticator vouched for, with <c>system:authenticated</c> added unless already present, as
    /// kube-apiserver's authenticated-group adder does.
    /// </summary>
    public static AuthenticatedUser Authenticated(string name, IEnumerable<string> groups, string uid = "")
    {
        var all = groups.ToList();
        if (!all.Contains(AuthenticatedGroup, StringComparer.Ordinal))
        {
            all.Add(AuthenticatedGroup);
        }

        return new AuthenticatedUser(name, all) { Uid = uid };
    }
}
