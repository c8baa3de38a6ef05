using AtRest.ApiServer.Validation;

namespace AtRest.ApiServer.Security;

/// <summary>
/// kube's service account user names (<c>k8s.io/apiserver/pkg/authentication/serviceaccount</c>):
/// <c>system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;</c>, in the groups <c>system:serviceaccounts</c> and
/// <c>system:serviceaccounts:&lt;namespace&gt;</c>.
/// </summary>
internal static class ServiceAccountUsername
{
    /// <summary>The prefix of every service account's user name.</summary>
    public const string Prefix = "system:serviceaccount:";

    /// <summary>The group of every service account.</summary>
    public const string AllServiceAccountsGroup = "system:serviceaccounts";

    /// <summary>
    /// kube's <c>SplitUsername</c>: the namespace and name of a service account user name, or false when
    /// <paramref name="username"/> is not one (another prefix, not exactly two parts, a namespace that is not a DNS-1123
    /// label, or a name that is not a DNS-1123 subdomain).
    /// </summary>
    public static bool TrySplit(string username, out string @namespace, out string name)
    {
        @namespace = name = string.Empty;
        if (!username.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = username[Prefix.Length..].Split(':');
        if (parts.Length != 2 || NameRules.IsDns1123Label(parts[0]).Count != 0 || NameRules.IsDns1123Subdomain(parts[1]).Count != 0)
        {
            return false;
        }

        (@namespace, name) = (parts[0], parts[1]);
        return true;
    }

    /// <summary>kube's <c>MakeUsername</c>.</summary>
    public static string Make(string @namespace, string name) => Prefix + @namespace + ":" + name;

    /// <summary>kube's <c>MakeGroupNames</c>: the groups every service account of <paramref name="namespace"/> is in.</summary>
    public static IReadOnlyList<string> GroupsOf(string @namespace) => [AllServiceAccountsGroup, AllServiceAccountsGroup + ":" + @namespace];
}
