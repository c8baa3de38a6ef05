using AtRest.Cli.Commands.Encryption;
using AtRest.Encryption;

namespace AtRest.Cli.Tests.Encryption;

/// <summary>The resource of a key, with kube's legacy directories, or the one <c>--resource</c> names.</summary>
public sealed class StoredResourceTests
{
    [Theory]
    [InlineData("/registry/secrets/default/s1", "/registry", "secrets")]
    [InlineData("/registry/configmaps/kube-system/c", "/registry", "configmaps")]
    [InlineData("/registry/namespaces/default", "/registry", "namespaces")]
    [InlineData("/registry/minions/node-1", "/registry", "nodes")]
    [InlineData("/registry/services/specs/default/kubernetes", "/registry", "services")]
    [InlineData("/registry/services/endpoints/default/kubernetes", "/registry", "endpoints")]
    [InlineData("/registry/controllers/default/rc", "/registry", "replicationcontrollers")]
    [InlineData("/registry/deployments/default/web", "/registry", "deployments")]
    [InlineData("/registry/clusterroles/system:admin", "/registry", "clusterroles")]
    [InlineData("/custom/prefix/secrets/ns/name", "/custom/prefix/", "secrets")]
    public void DerivesTheResourceFromTheKey(string key, string prefix, string resource)
    {
        Assert.Equal(new GroupResource("", resource), StoredResource.Resolve(key, prefix, null));
    }

    [Theory]
    [InlineData("deployments.apps", "apps", "deployments")]
    [InlineData("secrets", "", "secrets")]
    [InlineData("a.b.c", "b.c", "a")]
    public void TheOverrideWins(string text, string group, string resource)
    {
        Assert.Equal(new GroupResource(group, resource), StoredResource.Resolve("/registry/minions/n", "/registry", text));
    }

    [Theory]
    [InlineData("/registry/secrets", "/registry", "is not an object key: a key of namespaced resource 'secrets' has the form /registry/secrets/<namespace>/<name>")]
    [InlineData("/registryx/secrets/a/b", "/registry", "is not below --etcd-prefix \"/registry\"")]
    [InlineData("/registry/nodes/n", "/registry", "resource 'nodes' is stored under '/registry/minions/'")]
    [InlineData("/registry/deployments/a/b/c", "/registry", "has the form /registry/deployments/[<namespace>/]<name>")]
    public void RejectsWhatIsNotAnObjectKeySayingWhy(string key, string prefix, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => StoredResource.Resolve(key, prefix, null));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyOverrideIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => StoredResource.Resolve("/registry/secrets/a/b", "/registry", ".apps"));
        Assert.Contains("names no resource", error.Message, StringComparison.Ordinal);
    }
}
