using k8s;
using k8s.Models;

namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>The official C# client asks the three self-subject reviews, as the admin and as a non-admin.</summary>
[Trait("Category", "Integration")]
public sealed class ClientLibraryReviewTests(AuthReviewServer fixture) : IClassFixture<AuthReviewServer>
{
    [Fact]
    public async Task Admin_reviews()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.KubeconfigPath));

        var who = await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: cancellationToken);
        Assert.Equal("admin", who.Status.UserInfo.Username);
        Assert.Equal(["system:masters", "system:authenticated"], who.Status.UserInfo.Groups);

        var access = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(CreateSecrets(), cancellationToken: cancellationToken);
        Assert.True(access.Status.Allowed);
        Assert.Equal("secrets", access.Spec.ResourceAttributes.Resource);

        var rules = await client.AuthorizationV1.CreateSelfSubjectRulesReviewAsync(
            new V1SelfSubjectRulesReview { Spec = new V1SelfSubjectRulesReviewSpec { NamespaceProperty = "default" } }, cancellationToken: cancellationToken);
        Assert.False(rules.Status.Incomplete);
        Assert.Contains(rules.Status.ResourceRules, rule => rule.Verbs.SequenceEqual(["*"]) && rule.Resources.SequenceEqual(["*"]) && rule.ApiGroups.SequenceEqual(["*"]));
        Assert.Contains(rules.Status.NonResourceRules, rule => rule.NonResourceURLs.SequenceEqual(["*"]));
    }

    [Fact]
    public async Task Non_admin_reviews()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.BobKubeconfig));

        var who = await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview(), cancellationToken: cancellationToken);
        Assert.Equal("bob", who.Status.UserInfo.Username);
        Assert.Equal(["developers", "system:authenticated"], who.Status.UserInfo.Groups);

        var access = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(CreateSecrets(), cancellationToken: cancellationToken);
        Assert.False(access.Status.Allowed);
        Assert.Null(access.Status.Reason);

        var forbidden = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            client.CoreV1.ListNamespacedSecretAsync("default", cancellationToken: cancellationToken));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, forbidden.Response.StatusCode);
    }

    private static V1SelfSubjectAccessReview CreateSecrets() => new()
    {
        Spec = new V1SelfSubjectAccessReviewSpec
        {
            ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = "default", Verb = "create", Resource = "secrets" },
        },
    };
}
