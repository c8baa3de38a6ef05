using System.Text;
using AtRest.ApiServer.Endpoints;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Storage;
using AtRest.ApiServer.Tests.Support;
using AtRest.Encryption;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;
using AtRest.Storage;
using AtRest.Storage.Sqlite;
using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Storage;

public sealed class ResourceStoreTests : IAsyncDisposable
{
    private const string Key = "/registry/secrets/default/s1";
    private readonly TempDirectory directory = new("resourcestore");
    private readonly SqliteKeyValueStore kv;

    public ResourceStoreTests()
    {
        kv = SqliteKeyValueStore.Open(directory.File("store.db"));
    }

    public async ValueTask DisposeAsync()
    {
        await kv.DisposeAsync();
        directory.Dispose();
    }

    [Fact]
    public async Task Create_UnderAescbc_StoresCiphertextWithProviderAndKeyPrefix()
    {
        var secrets = Secrets(EncryptionConfigs.AescbcKey1());

        var created = await CreateSecretAsync(secrets, "s1", "admin");

        var raw = (await kv.GetAsync(Key, TestContext.Current.CancellationToken))!;
        Assert.StartsWith("k8s:enc:aescbc:v1:key1:", Encoding.ASCII.GetString(raw.Value, 0, 23));
        Assert.DoesNotContain("admin", Encoding.Latin1.GetString(raw.Value), StringComparison.Ordinal);
        Assert.Equal(raw.ModRevision.ToString(System.Globalization.CultureInfo.InvariantCulture), created.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Create_UnderIdentity_StoresKubernetesProtobufWithoutResourceVersion()
    {
        var secrets = Secrets(ResourceTransformers.IdentityOnly);

        await CreateSecretAsync(secrets, "s1", "admin");

        var raw = (await kv.GetAsync(Key, TestContext.Current.CancellationToken))!;
        Assert.True(KubernetesObjectCodec.IsProtobuf(raw.Value));
        var stored = (Secret)KubernetesObjectCodec.DecodeProtobuf(raw.Value);
        Assert.Equal("", stored.Metadata.ResourceVersion);
        Assert.Equal("admin", Encoding.UTF8.GetString(stored.Data["user"]));
    }

    [Fact]
    public async Task Get_DecryptsAndSetsResourceVersionFromModRevision()
    {
        var secrets = Secrets(EncryptionConfigs.AescbcKey1());
        await CreateSecretAsync(secrets, "s1", "admin");

        var read = (Secret)await secrets.GetAsync("default", "s1", TestContext.Current.CancellationToken);

        var raw = (await kv.GetAsync(Key, TestContext.Current.CancellationToken))!;
        Assert.Equal("admin", Encoding.UTF8.GetString(read.Data["user"]));
        Assert.Equal(raw.ModRevision.ToString(System.Globalization.CultureInfo.InvariantCulture), read.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task UnchangedUpdate_NotStale_DoesNotWriteOrBumpResourceVersion()
    {
        var secrets = Secrets(EncryptionConfigs.AescbcKey1());
        var created = await CreateSecretAsync(secrets, "s1", "admin");
        var before = await kv.CurrentRevisionAsync(TestContext.Current.CancellationToken);

        var (updated, written) = await secrets.GuaranteedUpdateAsync("default", "s1", current => current, dryRun: false, TestContext.Current.CancellationToken);

        Assert.False(written);
        Assert.Equal(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        Assert.Equal(before, await kv.CurrentRevisionAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UnchangedUpdate_AescbcValueReadUnderIdentityFirst_IsRewrittenAsPlaintext()
    {
        await CreateSecretAsync(Secrets(EncryptionConfigs.AescbcKey1()), "s1", "admin");
        var secrets = Secrets(EncryptionConfigs.IdentityFirst());

        var (_, written) = await secrets.GuaranteedUpdateAsync("default", "s1", current => current, dryRun: false, TestContext.Current.CancellationToken);

        Assert.True(written);
        var raw = (await kv.GetAsync(Key, TestContext.Current.CancellationToken))!;
        Assert.True(KubernetesObjectCodec.IsProtobuf(raw.Value));
    }

    [Fact]
    public async Task UnchangedUpdate_Key1ValueUnderKey2First_IsReencryptedWithKey2()
    {
        var created = await CreateSecretAsync(Secrets(EncryptionConfigs.AescbcKey1()), "s1", "admin");
        var secrets = Secrets(EncryptionConfigs.AescbcKey2First());

        var (updated, written) = await secrets.GuaranteedUpdateAsync("default", "s1", current => current, dryRun: false, TestContext.Current.CancellationToken);

        Assert.True(written);
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        var raw = (await kv.GetAsync(Key, TestContext.Current.CancellationToken))!;
        Assert.StartsWith("k8s:enc:aescbc:v1:key2:", Encoding.ASCII.GetString(raw.Value, 0, 23));
        var again = await secrets.GuaranteedUpdateAsync("default", "s1", current => current, dryRun: false, TestContext.Current.CancellationToken);
        Assert.False(again.Written);
    }

    [Fact]
    public async Task Get_ValueNoProviderCanRead_IsInternalErrorNamingTheFailure()
    {
        await CreateSecretAsync(Secrets(EncryptionConfigs.AescbcKey1()), "s1", "admin");
        var secrets = Secrets(ResourceTransformers.IdentityOnly);

        var error = await Assert.ThrowsAsync<ApiException>(() => secrets.GetAsync("default", "s1", TestContext.Current.CancellationToken));

        Assert.Equal(500, error.Code);
        Assert.Equal("InternalError", error.Reason);
        Assert.Equal(
            $"Internal error occurred: StorageError: corrupt object, Code: 7, Key: {Key}, ResourceVersion: 0, AdditionalErrorMsg: data from the storage is not transformable revision=0: identity transformer tried to read encrypted data",
            error.Message);
        Assert.Equal(Key, error.CorruptKey);
    }

    [Fact]
    public async Task List_ValueNoProviderCanRead_NamesTheKey()
    {
        await CreateSecretAsync(Secrets(EncryptionConfigs.AescbcKey1()), "s1", "admin");
        var secrets = Secrets(ResourceTransformers.IdentityOnly);

        var error = await Assert.ThrowsAsync<ApiException>(() => secrets.ListAsync("default", ListOptions.All, TestContext.Current.CancellationToken));

        Assert.Equal(500, error.Code);
        Assert.Equal("StorageReadError", error.Reason);
        Assert.Equal("failed to read one or more secrets from the storage", error.Message);
        var cause = Assert.Single(error.Details!.Causes);
        Assert.Equal(Key, cause.Field);
        Assert.Contains("identity transformer tried to read encrypted data", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_LosesRaceToConcurrentWrite_ReappliesOnFreshState()
    {
        var secrets = Secrets(ResourceTransformers.IdentityOnly);
        await CreateSecretAsync(secrets, "s1", "admin");
        var calls = 0;

        var (updated, _) = await secrets.GuaranteedUpdateAsync("default", "s1", current =>
        {
            if (++calls == 1)
            {
                // Another writer gets in between this read and the compare-and-swap.
                secrets.GuaranteedUpdateAsync("default", "s1", c => WithData(c, "other", "x"), dryRun: false, TestContext.Current.CancellationToken)
                    .GetAwaiter().GetResult();
            }

            return WithData(current, "mine", "y");
        }, dryRun: false, TestContext.Current.CancellationToken);

        Assert.Equal(2, calls);
        var data = ((Secret)updated).Data;
        Assert.True(data.ContainsKey("other") && data.ContainsKey("mine"));
    }

    [Fact]
    public async Task List_WithLimit_PagesThroughEverythingWithContinueTokens()
    {
        var secrets = Secrets(ResourceTransformers.IdentityOnly);
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await CreateSecretAsync(secrets, name, "v");
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await secrets.ListAsync("default", ListOptions.All with { Limit = 2, Continue = token }, TestContext.Current.CancellationToken);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            token = page.Continue;
            pages++;
        }
        while (token is not null);

        Assert.Equal(["a", "b", "c", "d", "e"], names);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Create_Twice_IsAlreadyExists()
    {
        var secrets = Secrets(ResourceTransformers.IdentityOnly);
        await CreateSecretAsync(secrets, "s1", "v");

        var error = await Assert.ThrowsAsync<ApiException>(() => CreateSecretAsync(secrets, "s1", "v"));

        Assert.Equal(409, error.Code);
        Assert.Equal("secrets \"s1\" already exists", error.Message);
    }

    private static KubernetesResource WithData(KubernetesResource obj, string key, string value)
    {
        ((Secret)obj).Data[key] = Encoding.UTF8.GetBytes(value);
        return obj;
    }

    private ResourceStore Secrets(IResourceTransformers transformers) =>
        new ApiServices(new KubernetesApiOptions { Store = kv, Transformers = transformers }).Secrets;

    private static async Task<KubernetesResource> CreateSecretAsync(ResourceStore store, string name, string value)
    {
        var secret = new Secret { Metadata = { Name = name }, Data = { ["user"] = Encoding.UTF8.GetBytes(value) } };
        ObjectPreparation.ForCreate(secret, "default", store.Strategy);
        return await store.CreateAsync(secret, TestContext.Current.CancellationToken);
    }
}
