using AtRest.ApiServer.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AtRest.ApiServer.Tests.Security;

/// <summary>
/// Reading kube's impersonation headers: kube's order (user, groups, extras, uid), service account user names, extra keys
/// lower-cased and percent-decoded as Go's <c>url.PathUnescape</c>, kube's 400 message for groups, extras or a uid without
/// a user (Go's <c>%v</c> of its object references), and removal of every impersonation header.
/// </summary>
public sealed class ImpersonationHeadersTests
{
    [Fact]
    public void Nothing_to_impersonate_without_the_headers()
    {
        var headers = Headers(("Authorization", "Bearer x"), ("Impersonate-Future", "v"));
        Assert.Empty(ImpersonationHeaders.Read(headers));
        Assert.Null(ImpersonationHeaders.WithoutUserError([]));
    }

    [Fact]
    public void Every_header_is_read_in_kubes_order()
    {
        var headers = Headers(("Impersonate-Uid", "uid-7"), ("Impersonate-Extra-Scopes", "read"), ("Impersonate-Group", "devs"),
            ("Impersonate-User", "bob"));
        headers.Append("Impersonate-Group", "ops");
        headers.Append("Impersonate-Extra-Scopes", "write");

        var targets = ImpersonationHeaders.Read(headers);

        Assert.Equal(
        [
            new ImpersonationTarget(ImpersonationTargetKind.User, "bob"),
            new ImpersonationTarget(ImpersonationTargetKind.Group, "devs"),
            new ImpersonationTarget(ImpersonationTargetKind.Group, "ops"),
            new ImpersonationTarget(ImpersonationTargetKind.UserExtra, "read", ExtraKey: "scopes"),
            new ImpersonationTarget(ImpersonationTargetKind.UserExtra, "write", ExtraKey: "scopes"),
            new ImpersonationTarget(ImpersonationTargetKind.Uid, "uid-7"),
        ], targets);
        Assert.True(ImpersonationHeaders.GroupsSpecified(headers));
        Assert.Null(ImpersonationHeaders.WithoutUserError(targets));
    }

    [Fact]
    public void Only_the_first_user_and_uid_count_and_empty_ones_are_absent()
    {
        var headers = Headers(("Impersonate-User", "bob"), ("Impersonate-Uid", ""));
        headers.Append("Impersonate-User", "carol");
        Assert.Equal([new ImpersonationTarget(ImpersonationTargetKind.User, "bob")], ImpersonationHeaders.Read(headers));

        Assert.Empty(ImpersonationHeaders.Read(Headers(("Impersonate-User", ""))));
        Assert.False(ImpersonationHeaders.GroupsSpecified(Headers(("Impersonate-User", "bob"))));
    }

    [Theory]
    [InlineData("system:serviceaccount:team-a:app", "ServiceAccount", "app", "team-a")]
    [InlineData("system:serviceaccount:team-a:app.v2", "ServiceAccount", "app.v2", "team-a")]
    [InlineData("system:serviceaccount:Team-A:app", "User", "system:serviceaccount:Team-A:app", "")]
    [InlineData("system:serviceaccount:team-a:app:x", "User", "system:serviceaccount:team-a:app:x", "")]
    [InlineData("system:serviceaccount:team-a", "User", "system:serviceaccount:team-a", "")]
    [InlineData("system:serviceaccounts:team-a", "User", "system:serviceaccounts:team-a", "")]
    public void A_service_account_user_is_split_as_kube_splits_it(string user, string kind, string name, string ns)
    {
        var target = Assert.Single(ImpersonationHeaders.Read(Headers(("Impersonate-User", user))));
        Assert.Equal(new ImpersonationTarget(Enum.Parse<ImpersonationTargetKind>(kind), name, ns), target);
    }

    [Theory]
    [InlineData("Impersonate-Extra-Scopes", "scopes")]
    [InlineData("impersonate-extra-ACME.io%2FTeam", "acme.io/team")]
    [InlineData("Impersonate-Extra-a%2Bb+c", "a+b+c")]
    [InlineData("Impersonate-Extra-caf%C3%A9", "café")]
    [InlineData("Impersonate-Extra-bad%zz", "bad%zz")]
    [InlineData("Impersonate-Extra-cut%2", "cut%2")]
    public void An_extra_key_is_lower_cased_then_percent_decoded(string header, string key)
    {
        var target = Assert.Single(ImpersonationHeaders.Read(Headers(("Impersonate-User", "bob"), (header, "v"))), t => t.Kind == ImpersonationTargetKind.UserExtra);
        Assert.Equal(key, target.ExtraKey);
    }

    [Fact]
    public void Groups_extras_or_a_uid_without_a_user_get_kubes_message()
    {
        var groups = Headers(("Impersonate-Group", "devs"));
        groups.Append("Impersonate-Group", "ops");
        Assert.Equal("requested [{Group  devs    } {Group  ops    }] without impersonating a user",
            ImpersonationHeaders.WithoutUserError(ImpersonationHeaders.Read(groups)));

        Assert.Equal("requested [{UID  uid-7  authentication.k8s.io/v1  }] without impersonating a user",
            ImpersonationHeaders.WithoutUserError(ImpersonationHeaders.Read(Headers(("Impersonate-Uid", "uid-7")))));

        Assert.Equal("requested [{Group  devs    } {UserExtra  read  authentication.k8s.io/v1  scopes}] without impersonating a user",
            ImpersonationHeaders.WithoutUserError(ImpersonationHeaders.Read(Headers(("Impersonate-Group", "devs"), ("Impersonate-Extra-Scopes", "read")))));

        // An empty user does not count as one.
        Assert.NotNull(ImpersonationHeaders.WithoutUserError(ImpersonationHeaders.Read(Headers(("Impersonate-User", ""), ("Impersonate-Group", "devs")))));
    }

    [Fact]
    public void Remove_takes_every_impersonation_header_and_nothing_else()
    {
        var headers = Headers(("Impersonate-User", "bob"), ("Impersonate-Group", "devs"), ("Impersonate-Uid", "7"),
            ("Impersonate-Extra-A", "1"), ("impersonate-extra-b%2Fc", "2"), ("Impersonate-Future", "keep"), ("User-Agent", "keep"));

        ImpersonationHeaders.Remove(headers);

        Assert.Equal(["Impersonate-Future", "User-Agent"], headers.Keys.Order(StringComparer.Ordinal));
    }

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, new StringValues(value));
        }

        return dictionary;
    }
}
