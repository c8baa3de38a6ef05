using AtRest.ApiServer.Security;

namespace AtRest.ApiServer.Tests.Security;

/// <summary>The user an impersonating request acts as, with the groups kube's impersonation filter gives it.</summary>
public sealed class ImpersonatedUserTests
{
    private static readonly ImpersonationTarget Bob = new(ImpersonationTargetKind.User, "bob");

    [Fact]
    public void A_user_alone_is_in_system_authenticated()
    {
        var user = ImpersonatedUser.From([Bob], groupsSpecified: false);
        Assert.Equal("bob", user.Name);
        Assert.Equal(["system:authenticated"], user.Groups);
        Assert.Equal("", user.Uid);
        Assert.Empty(user.Extra);
    }

    [Fact]
    public void Named_groups_uid_and_extras_are_kept_and_system_authenticated_added()
    {
        var user = ImpersonatedUser.From(
        [
            Bob, Group("devs"), Group("system:masters"),
            new(ImpersonationTargetKind.UserExtra, "read", ExtraKey: "scopes"),
            new(ImpersonationTargetKind.UserExtra, "write", ExtraKey: "scopes"),
            new(ImpersonationTargetKind.UserExtra, "eu", ExtraKey: "acme.io/region"),
            new(ImpersonationTargetKind.Uid, "uid-7"),
        ], groupsSpecified: true);

        Assert.Equal(["devs", "system:masters", "system:authenticated"], user.Groups);
        Assert.True(user.IsMaster);
        Assert.Equal("uid-7", user.Uid);
        Assert.Equal(["read", "write"], user.Extra["scopes"]);
        Assert.Equal(["eu"], user.Extra["acme.io/region"]);
    }

    [Theory]
    [InlineData("system:authenticated")]
    [InlineData("system:unauthenticated")]
    public void A_named_authentication_group_is_not_added_to(string group)
    {
        var user = ImpersonatedUser.From([Bob, Group("devs"), Group(group)], groupsSpecified: true);
        Assert.Equal(["devs", group], user.Groups);
    }

    [Fact]
    public void A_service_account_gets_its_groups_unless_groups_are_named()
    {
        var account = new ImpersonationTarget(ImpersonationTargetKind.ServiceAccount, "app", "team-a");
        var user = ImpersonatedUser.From([account], groupsSpecified: false);
        Assert.Equal("system:serviceaccount:team-a:app", user.Name);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"], user.Groups);

        var named = ImpersonatedUser.From([account, Group("devs")], groupsSpecified: true);
        Assert.Equal(["devs", "system:authenticated"], named.Groups);
    }

    [Fact]
    public void The_anonymous_user_is_in_system_unauthenticated_only()
    {
        var anonymous = new ImpersonationTarget(ImpersonationTargetKind.User, "system:anonymous");
        Assert.Equal(["system:unauthenticated"], ImpersonatedUser.From([anonymous], groupsSpecified: false).Groups);
        Assert.Equal(["devs", "system:unauthenticated"], ImpersonatedUser.From([anonymous, Group("devs")], groupsSpecified: true).Groups);
    }

    private static ImpersonationTarget Group(string name) => new(ImpersonationTargetKind.Group, name);
}
