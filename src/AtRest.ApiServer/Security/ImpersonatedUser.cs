namespace AtRest.ApiServer.Security;

/// <summary>The user a request acts as once every impersonation check passed, built as kube's impersonation filter builds it.</summary>
internal static class ImpersonatedUser
{
    /// <summary>
    /// The name, uid, groups and extras of <paramref name="targets"/>. A service account gets its fixed groups unless the
    /// request named groups; then <c>system:authenticated</c> is added unless the groups already hold it or
    /// <c>system:unauthenticated</c> (for <c>system:anonymous</c>: <c>system:unauthenticated</c> unless present).
    /// </summary>
    public static AuthenticatedUser From(IReadOnlyList<ImpersonationTarget> targets, bool groupsSpecified)
    {
        var name = "";
        var uid = "";
        var groups = new List<string>();
        var extra = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            switch (target.Kind)
            {
                case ImpersonationTargetKind.ServiceAccount:
                    name = ServiceAccountUsername.Make(target.Namespace, target.Name);
                    if (!groupsSpecified)
                    {
                        groups = [.. ServiceAccountUsername.GroupsOf(target.Namespace)];
                    }

                    break;
                case ImpersonationTargetKind.User:
                    name = target.Name;
                    break;
                case ImpersonationTargetKind.Group:
                    groups.Add(target.Name);
                    break;
                case ImpersonationTargetKind.UserExtra:
                    if (!extra.TryGetValue(target.ExtraKey, out var values))
                    {
                        extra[target.ExtraKey] = values = [];
                    }

                    values.Add(target.Name);
                    break;
                default:
                    uid = target.Name;
                    break;
            }
        }

        if (name != AuthenticatedUser.AnonymousName)
        {
            if (!groups.Contains(AuthenticatedUser.AuthenticatedGroup, StringComparer.Ordinal)
                && !groups.Contains(AuthenticatedUser.UnauthenticatedGroup, StringComparer.Ordinal))
            {
                groups.Add(AuthenticatedUser.AuthenticatedGroup);
            }
        }
        else if (!groups.Contains(AuthenticatedUser.UnauthenticatedGroup, StringComparer.Ordinal))
        {
            groups.Add(AuthenticatedUser.UnauthenticatedGroup);
        }

        return new AuthenticatedUser(name, groups)
        {
            Uid = uid,
            Extra = extra.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)pair.Value, StringComparer.Ordinal),
        };
    }
}
