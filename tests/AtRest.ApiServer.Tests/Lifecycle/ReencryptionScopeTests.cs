using AtRest.ApiServer.Lifecycle;
using AtRest.Encryption.Configuration;
using AtRest.Storage;

namespace AtRest.ApiServer.Tests.Lifecycle;

/// <summary>Which key ranges a run visits, where it resumes, and the errors for resources it cannot re-encrypt.</summary>
public sealed class ReencryptionScopeTests
{
    private static readonly EncryptionProviderSpec Aescbc = EncryptionProviderSpec.Keyed("aescbc", ("key1", MixedStore.Key1));

    [Fact]
    public async Task Default_scope_is_every_configured_resource_in_key_order()
    {
        await using var configuration = ReencryptionConfigs.Load(EncryptionConfigurationWriter.Render(["secrets", "configmaps"], Aescbc));

        var scope = ReencryptionScope.Resolve(configuration, new StorageKeys("/custom"), null);

        Assert.Equal(["secrets", "configmaps"], scope.Resources.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(["/custom/configmaps/", "/custom/secrets/"], scope.Prefixes);
        Assert.Equal("/custom/atrest.io/", scope.OwnRecordsPrefix);
    }

    [Fact]
    public async Task Wildcard_scans_the_whole_prefix_once()
    {
        await using var configuration = ReencryptionConfigs.Load(EncryptionConfigurationWriter.Render(["*.*"], Aescbc));

        Assert.Equal(["/registry/"], ReencryptionScope.Resolve(configuration, StorageKeys.Default, null).Prefixes);
        Assert.Equal(["/registry/"], ReencryptionScope.Resolve(configuration, StorageKeys.Default, ["secrets", "*.*"]).Prefixes);
        Assert.Equal(["/registry/services/endpoints/"], ReencryptionScope.Resolve(configuration, StorageKeys.Default, ["endpoints"]).Prefixes);
    }

    [Fact]
    public async Task Resources_the_configuration_does_not_name_are_refused_by_name()
    {
        await using var configuration = ReencryptionConfigs.Load(EncryptionConfigurationWriter.Render(["secrets"], Aescbc));

        var error = Assert.Throws<ArgumentException>(() => ReencryptionScope.Resolve(configuration, StorageKeys.Default, ["configmaps"]));
        Assert.Equal("resource \"configmaps\" is not named by the encryption configuration (it names: secrets), so it has no key to re-encrypt with", error.Message);
        Assert.Equal("a resource name is empty", Assert.Throws<ArgumentException>(() => ReencryptionScope.Resolve(configuration, StorageKeys.Default, [" "])).Message);

        await using var wildcard = ReencryptionConfigs.Load(EncryptionConfigurationWriter.Render(["*.*"], Aescbc));
        Assert.StartsWith("resource \"deployments.apps\": storage keys carry no API group",
            Assert.Throws<ArgumentException>(() => ReencryptionScope.Resolve(wildcard, StorageKeys.Default, ["deployments.apps"])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "/registry/secrets/")]
    [InlineData("/registry/configmaps/default/x", "/registry/secrets/")]
    [InlineData("/registry/secrets/default/a", "/registry/secrets/default/a\0")]
    [InlineData("/registry/serviceaccounts/default/a", null)]
    public void Resume_point_follows_the_last_key(string? lastKey, string? expected) =>
        Assert.Equal(expected, ReencryptionScope.StartAfter("/registry/secrets/", lastKey));
}
