using AtRest.Cli.Commands.Encryption;
using AtRest.Encryption;

namespace AtRest.Cli.Tests.Encryption;

/// <summary>The resource is derived from the storage key, with kube's special prefixes for core resources.</summary>
public sealed class StorageKeyResourceTests
{
    [Theory]
    [InlineData("/registry/secrets/default/s1", "/registry", "secrets")]
    [InlineData("/registry/configmaps/kube-system/c", "/registry", "configmaps")]
    [InlineData("/registry/namespaces/default", "/registry", "namespaces")]
    [InlineData("/registry/minions/node-1", "/registry", "nodes")]
    [InlineData("/registry/services/specs/default/kubernetes", "/registry", "services")]
    [InlineData("/registry/services/endpoints/default/kubernetes", "/registry", "endpoints")]
    [InlineData("/registry/controllers/default/rc", "/registry", "replicationcontrollers")]
    [InlineData("/custom/prefix/secrets/ns/name", "/custom/prefix/", "secrets")]
    public void DerivesTheCoreResource(string key, string prefix, string resource)
    {
        Assert.Equal(new GroupResource("", resource), StorageKeyResource.TryParse(key, prefix, out _));
    }

    [Theory]
    [InlineData("/registry/secrets", "key /registry/secrets is not of the form /registry/<resource>/[<namespace>/]<name>")]
    [InlineData("/registryx/secrets/a/b", "key /registryx/secrets/a/b does not start with the etcd prefix /registry/")]
    public void RejectsKeysOutsideThePrefix(string key, string expected)
    {
        Assert.Null(StorageKeyResource.TryParse(key, "/registry", out var error));
        Assert.Equal(expected, error);
    }
}
