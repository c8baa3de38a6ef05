using System.Text;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Security;

/// <summary>
/// kube's impersonation headers (<c>authentication/v1</c>): <c>Impersonate-User</c> (its first value),
/// <c>Impersonate-Group</c> (every value), <c>Impersonate-Extra-&lt;key&gt;</c> (every value; the key lower-cased, then
/// percent-decoded as Go's <c>url.PathUnescape</c>, kept as sent when that fails) and <c>Impersonate-Uid</c>.
/// Read in kube's order: user, groups, extras, uid.
/// </summary>
internal static class ImpersonationHeaders
{
    /// <summary>The user to act as.</summary>
    public const string User = "Impersonate-User";

    /// <summary>A group to act in (repeatable).</summary>
    public const string Group = "Impersonate-Group";

    /// <summary>The uid to act with.</summary>
    public const string Uid = "Impersonate-Uid";

    /// <summary>The prefix of the extra attribute headers.</summary>
    public const string ExtraPrefix = "Impersonate-Extra-";

    /// <summary>Everything <paramref name="headers"/> ask to act as; empty when the request impersonates no one.</summary>
    public static List<ImpersonationTarget> Read(IHeaderDictionary headers)
    {
        var targets = new List<ImpersonationTarget>();
        var user = headers[User];
        if (user.Count > 0 && user[0] is { Length: > 0 } name)
        {
            targets.Add(ServiceAccountUsername.TrySplit(name, out var ns, out var account)
                ? new ImpersonationTarget(ImpersonationTargetKind.ServiceAccount, account, ns)
                : new ImpersonationTarget(ImpersonationTargetKind.User, name));
        }

        foreach (var group in headers[Group])
        {
            targets.Add(new ImpersonationTarget(ImpersonationTargetKind.Group, group ?? ""));
        }

        foreach (var (header, values) in headers)
        {
            if (header.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var key = PathUnescape(header[ExtraPrefix.Length..].ToLowerInvariant());
                targets.AddRange(values.Select(value => new ImpersonationTarget(ImpersonationTargetKind.UserExtra, value ?? "", ExtraKey: key)));
            }
        }

        var uid = headers[Uid];
        if (uid.Count > 0 && uid[0] is { Length: > 0 } id)
        {
            targets.Add(new ImpersonationTarget(ImpersonationTargetKind.Uid, id));
        }

        return targets;
    }

    /// <summary>Whether the request sent <c>Impersonate-Group</c> at all (then the groups are exactly those given).</summary>
    public static bool GroupsSpecified(IHeaderDictionary headers) => headers[Group].Count > 0;

    /// <summary>
    /// kube's 400 message when groups, extras or a uid come without a user:
    /// <c>requested [{Group  devs    }] without impersonating a user</c>; null when the request names a user or nothing.
    /// </summary>
    public static string? WithoutUserError(IReadOnlyList<ImpersonationTarget> targets) =>
        targets.Count == 0 || targets.Any(target => target.IsUser)
            ? null
            : $"requested [{string.Join(' ', targets.Select(target => target.GoValue()))}] without impersonating a user";

    /// <summary>Removes every impersonation header, so nothing after the filter sees that impersonation happened.</summary>
    public static void Remove(IHeaderDictionary headers)
    {
        headers.Remove(User);
        headers.Remove(Group);
        headers.Remove(Uid);
        foreach (var header in headers.Keys.Where(key => key.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(header);
        }
    }

    // Go's url.PathUnescape: every '%' must start two hex digits; '+' stays '+'. The bytes are read as UTF-8.
    private static string PathUnescape(string key)
    {
        if (!key.Contains('%', StringComparison.Ordinal))
        {
            return key;
        }

        var bytes = new List<byte>(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(key[i].ToString()));
                continue;
            }

            if (i + 2 >= key.Length || !Uri.IsHexDigit(key[i + 1]) || !Uri.IsHexDigit(key[i + 2]))
            {
                return key;
            }

            bytes.Add((byte)Convert.ToInt32(key.Substring(i + 1, 2), 16));
            i += 2;
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
