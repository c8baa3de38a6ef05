using System.Text.Json;
using AtRest.ApiServer.Tests.EndToEnd;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// <c>kubectl auth whoami</c> and <c>kubectl auth can-i [--list]</c> with every kubectl here (the dispatcher's
/// 1.27–1.33, and Debian's 1.20, which has can-i but no whoami), for the admin and for a non-admin certificate.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KubectlAuthTests(AuthReviewServer fixture) : IClassFixture<AuthReviewServer>
{
    /// <summary>The dispatcher's minors, plus 0 for Debian's kubectl 1.20 when it is unpacked.</summary>
    public static TheoryData<int> Kubectls => KubectlBinaries.Minors;

    [Theory]
    [MemberData(nameof(Kubectls))]
    public async Task Admin_is_who_it_is_and_may_do_anything(int minor)
    {
        var kubectl = new EndToEnd.Kubectl(Binary(minor), fixture.Server.KubeconfigPath, fixture.NewScratch($"admin-{minor}"));
        if (minor != 0)
        {
            var table = (await kubectl.RunAsync("auth", "whoami")).EnsureSuccess().Stdout;
            Assert.Matches(@"ATTRIBUTE\s+VALUE", table);
            Assert.Matches(@"Username\s+admin\n", table);
            Assert.Matches(@"Groups\s+\[system:masters system:authenticated\]", table);

            using var json = JsonDocument.Parse((await kubectl.RunAsync("auth", "whoami", "-o", "json")).EnsureSuccess().Stdout);
            // kubectl 1.27 asks v1beta1 first; 1.28+ ask v1.
            Assert.Equal(minor == 27 ? "authentication.k8s.io/v1beta1" : "authentication.k8s.io/v1", json.RootElement.GetProperty("apiVersion").GetString());
            var userInfo = json.RootElement.GetProperty("status").GetProperty("userInfo");
            Assert.Equal("admin", userInfo.GetProperty("username").GetString());
            Assert.Equal(["system:masters", "system:authenticated"], userInfo.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        }

        var canI = (await kubectl.RunAsync("auth", "can-i", "create", "secrets")).EnsureSuccess();
        Assert.Equal("yes\n", canI.Stdout);
        Assert.Equal("yes\n", (await kubectl.RunAsync("auth", "can-i", "delete", "namespaces", "--all-namespaces")).EnsureSuccess().Stdout);
        Assert.Equal("yes\n", (await kubectl.RunAsync("auth", "can-i", "get", "/metrics")).EnsureSuccess().Stdout);

        var list = (await kubectl.RunAsync("auth", "can-i", "--list")).EnsureSuccess().Stdout;
        Assert.Matches(@"^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n", list);
        Assert.Matches(@"\n\*\.\*\s+\[\]\s+\[\]\s+\[\*\]\n", list);
        Assert.Matches(@"\n\s+\[\*\]\s+\[\]\s+\[\*\]\n", list);
    }

    [Theory]
    [MemberData(nameof(Kubectls))]
    public async Task Another_user_is_who_it_is_and_may_only_ask(int minor)
    {
        var kubectl = new EndToEnd.Kubectl(Binary(minor), fixture.BobKubeconfig, fixture.NewScratch($"bob-{minor}"));
        if (minor != 0)
        {
            var table = (await kubectl.RunAsync("auth", "whoami")).EnsureSuccess().Stdout;
            Assert.Matches(@"Username\s+bob\n", table);
            Assert.Matches(@"Groups\s+\[developers system:authenticated\]", table);
        }

        var canI = await kubectl.RunAsync("auth", "can-i", "create", "secrets");
        Assert.Equal(1, canI.ExitCode);
        Assert.Equal("no\n", canI.Stdout);
        Assert.DoesNotContain("Warning", canI.Stderr, StringComparison.Ordinal);
        Assert.Equal("yes\n", (await kubectl.RunAsync("auth", "can-i", "create", "selfsubjectaccessreviews.authorization.k8s.io")).EnsureSuccess().Stdout);

        var list = (await kubectl.RunAsync("auth", "can-i", "--list")).EnsureSuccess().Stdout;
        Assert.Matches(@"\nselfsubjectreviews\.authentication\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]\n", list);
        Assert.Matches(@"\nselfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]\n", list);
        Assert.Matches(@"\n\s+\[/api/\*\]\s+\[\]\s+\[get\]\n", list);
        Assert.DoesNotContain("*.*", list, StringComparison.Ordinal);

        var get = await kubectl.RunAsync("get", "secrets");
        Assert.NotEqual(0, get.ExitCode);
        Assert.Contains("secrets is forbidden: User \"bob\" cannot list resource \"secrets\" in API group \"\" in the namespace \"default\"",
            get.Stderr, StringComparison.Ordinal);
    }

    private static string Binary(int minor) => KubectlBinaries.ForMinor(minor);
}
