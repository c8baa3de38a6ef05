namespace AtRest.Storage.Tests;

public sealed class StorageKeysTests
{
    [Fact]
    public void Key_OfANamespacedResource_IsPrefixResourceNamespaceName()
    {
        Assert.Equal("/registry/secrets/default/db-password", StorageKeys.Default.Key("secrets", "default", "db-password"));
        Assert.Equal("/registry/configmaps/kube-system/settings", StorageKeys.Default.Key("configmaps", "kube-system", "settings"));
    }

    [Fact]
    public void Key_OfAClusterScopedResource_HasNoNamespace()
    {
        Assert.Equal("/registry/namespaces/team-a", StorageKeys.Default.Key("namespaces", null, "team-a"));
        Assert.Equal("/registry/namespaces/team-a", StorageKeys.Default.Key("namespaces", "", "team-a"));
    }

    [Fact]
    public void Prefixes_EndWithASlashSoSiblingsDoNotMatch()
    {
        Assert.Equal("/registry/secrets/", StorageKeys.Default.ResourcePrefix("secrets"));
        Assert.Equal("/registry/secrets/default/", StorageKeys.Default.NamespacePrefix("secrets", "default"));
        Assert.StartsWith(
            StorageKeys.Default.NamespacePrefix("secrets", "default"),
            StorageKeys.Default.Key("secrets", "default", "x"),
            StringComparison.Ordinal);
        Assert.False(
            StorageKeys.Default.Key("secrets", "default2", "x").StartsWith(StorageKeys.Default.NamespacePrefix("secrets", "default"), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/custom", "/custom/secrets/ns/n")]
    [InlineData("/custom/", "/custom/secrets/ns/n")]
    [InlineData("/a/b", "/a/b/secrets/ns/n")]
    [InlineData("/", "/secrets/ns/n")]
    public void Prefix_IsConfigurableLikeEtcdPrefix(string prefix, string expected)
    {
        Assert.Equal(expected, new StorageKeys(prefix).Key("secrets", "ns", "n"));
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("")]
    [InlineData("/a//b")]
    [InlineData("/a/../b")]
    public void Prefix_Malformed_IsRejected(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => new StorageKeys(prefix));
        Assert.Contains("prefix", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b", "'/'")]
    [InlineData("", "empty")]
    [InlineData(".", "'.'")]
    [InlineData("..", "'..'")]
    [InlineData("a%2Fb", "'%'")]
    [InlineData("a\nb", "control")]
    public void Key_WithAnInvalidName_IsRejectedSayingWhy(string name, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => StorageKeys.Default.Key("secrets", "default", name));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public void Key_WithATooLongName_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => StorageKeys.Default.Key("secrets", "default", new string('a', 254)));
        Assert.EndsWith(new string('a', 253), StorageKeys.Default.Key("secrets", "default", new string('a', 253)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Default")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("a.b")]
    [InlineData("a/b")]
    public void Key_WithAnInvalidNamespace_IsRejected(string @namespace)
    {
        var error = Assert.Throws<ArgumentException>(() => StorageKeys.Default.Key("secrets", @namespace, "n"));
        Assert.Contains("DNS-1123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_OfANamespacedResourceWithoutNamespace_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => StorageKeys.Default.Key("secrets", null, "n"));
        Assert.Contains("needs a namespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_OfAClusterScopedResourceWithANamespace_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => StorageKeys.Default.Key("namespaces", "default", "n"));
        Assert.Contains("cluster-scoped", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StorageKeys.Default.NamespacePrefix("namespaces", "default"));
    }

    [Fact]
    public void UnknownResource_IsRejectedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => StorageKeys.Default.ResourcePrefix("widgets"));
        Assert.Contains("'widgets'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraResources_ExtendTheLayout()
    {
        var keys = new StorageKeys(extraResources: new Dictionary<string, bool> { ["widgets"] = true, ["gadgets"] = false });

        Assert.Equal("/registry/widgets/ns/w", keys.Key("widgets", "ns", "w"));
        Assert.Equal("/registry/gadgets/g", keys.Key("gadgets", null, "g"));
        Assert.Equal(new StorageKey("widgets", "ns", "w"), keys.Parse("/registry/widgets/ns/w"));
    }

    [Theory]
    [InlineData("secrets", "default", "db-password")]
    [InlineData("configmaps", "kube-system", "a.b-c")]
    [InlineData("namespaces", null, "team-a")]
    public void Parse_InvertsKey(string resource, string? @namespace, string name)
    {
        var keys = new StorageKeys("/prefix/x");

        Assert.Equal(new StorageKey(resource, @namespace, name), keys.Parse(keys.Key(resource, @namespace, name)));
    }

    [Theory]
    [InlineData("/other/secrets/default/n", "prefix")]
    [InlineData("/registry/secrets/default", "<namespace>/<name>")]
    [InlineData("/registry/secrets/default/a/b", "<namespace>/<name>")]
    [InlineData("/registry/namespaces/default/n", "cluster-scoped")]
    [InlineData("/registry/widgets/default/n", "'widgets'")]
    [InlineData("/registry/secrets/default/", "empty")]
    [InlineData("/registry/secrets/Bad/n", "DNS-1123")]
    [InlineData("/registryx/secrets/default/n", "prefix")]
    public void Parse_RejectsWhatIsNotAnObjectKeySayingWhy(string key, string reason)
    {
        var error = Assert.Throws<FormatException>(() => StorageKeys.Default.Parse(key));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.False(StorageKeys.Default.TryParse(key, out _));
    }

    [Theory]
    [InlineData("nodes", null, "n1", "/registry/minions/n1")]
    [InlineData("replicationcontrollers", "default", "rc", "/registry/controllers/default/rc")]
    [InlineData("services", "default", "kubernetes", "/registry/services/specs/default/kubernetes")]
    [InlineData("endpoints", "default", "kubernetes", "/registry/services/endpoints/default/kubernetes")]
    public void LegacyDirectories_AreUsedBothWays(string resource, string? @namespace, string name, string key)
    {
        Assert.Equal(key, StorageKeys.Default.Key(resource, @namespace, name));
        Assert.Equal(new StorageKey(resource, @namespace, name), StorageKeys.Default.Parse(key));
        Assert.Equal(new StorageKey(resource, @namespace, name), StorageKeys.Default.ParseAnyResource(key));
    }

    [Theory]
    [InlineData("/registry/nodes/n1", "'/registry/minions/'")]
    [InlineData("/registry/services/default/s", "'/registry/services/specs/'")]
    public void LegacyDirectories_TheResourceNameInTheirPlace_IsRejected(string key, string reason)
    {
        var error = Assert.Throws<FormatException>(() => StorageKeys.Default.ParseAnyResource(key));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/registry/deployments/default/web", "deployments", "default", "web")]
    [InlineData("/registry/clusterroles/system:aggregate-to-admin", "clusterroles", null, "system:aggregate-to-admin")]
    [InlineData("/registry/secrets/kube-system/token", "secrets", "kube-system", "token")]
    public void ParseAnyResource_AcceptsResourcesTheLayoutDoesNotKnow(string key, string resource, string? @namespace, string name)
    {
        Assert.Equal(new StorageKey(resource, @namespace, name), StorageKeys.Default.ParseAnyResource(key));
    }

    [Fact]
    public void Parse_RefusesAResourceTheLayoutDoesNotKnow()
    {
        var error = Assert.Throws<FormatException>(() => StorageKeys.Default.Parse("/registry/deployments/default/web"));
        Assert.Contains("'deployments' is not known", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/registry/deployments/a/b/c", "[<namespace>/]<name>")]
    [InlineData("/registry/deployments", "[<namespace>/]<name>")]
    [InlineData("/registry/namespaces/default/n", "cluster-scoped")]
    [InlineData("/registry/", "no resource")]
    public void ParseAnyResource_StillRejectsWhatIsNotAnObjectKey(string key, string reason)
    {
        Assert.False(StorageKeys.Default.TryParseAnyResource(key, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
