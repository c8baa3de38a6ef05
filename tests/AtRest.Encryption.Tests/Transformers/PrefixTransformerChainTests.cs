using System.Text;
using AtRest.Encryption.Transformers;
using static AtRest.Encryption.Tests.Transformers.TestConfigs;

namespace AtRest.Encryption.Tests.Transformers;

/// <summary>Spec §2.1–2.3: write with the first provider and key; ordered, non-short-circuiting reads; stale; errors.</summary>
public sealed class PrefixTransformerChainTests
{
    private static readonly byte[] StorageKey = "/registry/secrets/default/s1"u8.ToArray();
    private static readonly byte[] Plaintext = "k8s\0plaintext-object"u8.ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WritesWithTheFirstProviderAndFirstKey()
    {
        var config = Load(Keyed("aesgcm", ("new", Key32), ("old", OtherKey32)) + Keyed("aescbc", ("cbc", Key32)) + "- identity: {}");
        var stored = await config.For(Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        Assert.StartsWith("k8s:enc:aesgcm:v1:new:", Encoding.ASCII.GetString(stored), StringComparison.Ordinal);
        Assert.Equal("k8s:enc:aesgcm:v1:new:".Length + 12 + Plaintext.Length + 16, stored.Length);
    }

    [Fact]
    public async Task ValueWrittenWithASecondKeyIsReadAndStale()
    {
        var old = Load(Keyed("secretbox", ("old", OtherKey32)));
        var stored = await old.For(Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);

        var rotated = Load(Keyed("secretbox", ("new", Key32), ("old", OtherKey32)));
        var read = await rotated.For(Secrets).TransformFromStorageAsync(stored, StorageKey, Ct);
        Assert.Equal(Plaintext, read.Data.ToArray());
        Assert.True(read.Stale);
    }

    [Fact]
    public async Task ValueWrittenByALaterProviderIsReadAndStale()
    {
        var cbc = Load(Keyed("aescbc", ("k", Key32)));
        var stored = await cbc.For(Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);

        var config = Load(Keyed("aesgcm", ("g", Key32)) + Keyed("aescbc", ("k", Key32)));
        var read = await config.For(Secrets).TransformFromStorageAsync(stored, StorageKey, Ct);
        Assert.Equal(Plaintext, read.Data.ToArray());
        Assert.True(read.Stale);
    }

    [Fact]
    public async Task PlaintextIsReadThroughATrailingIdentityAsStale()
    {
        var config = Load(Keyed("aescbc", ("k", Key32)) + "- identity: {}");
        var read = await config.For(Secrets).TransformFromStorageAsync(Plaintext, StorageKey, Ct);
        Assert.Equal(Plaintext, read.Data.ToArray());
        Assert.True(read.Stale);
    }

    [Fact]
    public async Task IdentityFirstSwallowsItsErrorAndDecryptsWithTheNextProviderAsStale()
    {
        var stored = await Load(Keyed("aescbc", ("k", Key32))).For(Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        var config = Load("- identity: {}\n" + Keyed("aescbc", ("k", Key32)));
        var read = await config.For(Secrets).TransformFromStorageAsync(stored, StorageKey, Ct);
        Assert.Equal(Plaintext, read.Data.ToArray());
        Assert.True(read.Stale);

        var written = await config.For(Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        Assert.Equal(Plaintext, written);
    }

    [Fact]
    public async Task OverlappingProvidersAreAllTriedWithoutShortCircuiting()
    {
        // Two aescbc providers share k8s:enc:aescbc:v1: and even the key name; the first fails, the second succeeds.
        var stored = await Load(Keyed("aesgcm", ("k", OtherKey32))).For(Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        var config = Load(Keyed("aesgcm", ("k", Key32)) + Keyed("aesgcm", ("k", OtherKey32)));
        var read = await config.For(Secrets).TransformFromStorageAsync(stored, StorageKey, Ct);
        Assert.Equal(Plaintext, read.Data.ToArray());
        Assert.True(read.Stale);
    }

    [Fact]
    public async Task DuplicateKeyNamesAreTriedInOrder()
    {
        var stored = await Load(Keyed("secretbox", ("k", OtherKey32))).For(Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        var config = Load(Keyed("secretbox", ("k", Key32), ("k", OtherKey32)));
        var read = await config.For(Secrets).TransformFromStorageAsync(stored, StorageKey, Ct);
        Assert.Equal(Plaintext, read.Data.ToArray());
        Assert.True(read.Stale);
    }

    [Fact]
    public async Task NoMatchingPrefixIsTheTopLevelError()
    {
        var config = Load(Keyed("aescbc", ("k", Key32)));
        var error = await Assert.ThrowsAsync<EncryptionTransformException>(
            async () => await config.For(Secrets).TransformFromStorageAsync(Plaintext, StorageKey, Ct));
        Assert.Equal("no matching prefix found", error.Message);
    }

    [Theory]
    [InlineData("aescbc", "no matching key was found for the provided AES transformer")]
    [InlineData("aesgcm", "no matching key was found for the provided AES transformer")]
    [InlineData("secretbox", "no matching key was found for the provided Secretbox transformer")]
    public async Task UnknownKeyNameGivesTheProviderNoMatchText(string provider, string expected)
    {
        var stored = await Load(Keyed(provider, ("gone", Key32))).For(Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        var config = Load(Keyed(provider, ("k", Key32)));
        var error = await Assert.ThrowsAsync<EncryptionTransformException>(
            async () => await config.For(Secrets).TransformFromStorageAsync(stored, StorageKey, Ct));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task ErrorsFromSeveralMatchingProvidersAreAggregatedAndDeduplicated()
    {
        var stored = await Load(Keyed("aesgcm", ("k", OtherKey32))).For(Secrets).TransformToStorageAsync(Plaintext, StorageKey, Ct);
        var sameText = Load(Keyed("aesgcm", ("k", Key32)) + Keyed("aesgcm", ("k", Key16)));
        var error = await Assert.ThrowsAsync<EncryptionTransformException>(
            async () => await sameText.For(Secrets).TransformFromStorageAsync(stored, StorageKey, Ct));
        Assert.Equal("cipher: message authentication failed", error.Message);

        var truncated = stored.AsSpan(0, "k8s:enc:aesgcm:v1:k:".Length + 5).ToArray();
        var two = Load(Keyed("aesgcm", ("k", Key32)) + Keyed("aesgcm", ("k", Key16), ("x", Key16)));
        var mixed = await Assert.ThrowsAsync<EncryptionTransformException>(
            async () => await two.For(Secrets).TransformFromStorageAsync(truncated, StorageKey, Ct));
        Assert.Equal("the stored data was shorter than the required size", mixed.Message);

        var cbcPair = Load(Keyed("aescbc", ("k", OtherKey32)) + Keyed("aescbc", ("j", Key32)));
        var oddLength = Encoding.ASCII.GetBytes("k8s:enc:aescbc:v1:k:0123456789abcdef0");
        var cbcError = await Assert.ThrowsAsync<EncryptionTransformException>(
            async () => await cbcPair.For(Secrets).TransformFromStorageAsync(oddLength, StorageKey, Ct));
        Assert.Equal(
            "[the stored data is not a multiple of the block size, no matching key was found for the provided AES transformer]",
            cbcError.Message);

        var twoDistinct = Load(Keyed("aescbc", ("k", OtherKey32)) + Keyed("aescbc", ("k", Key32)));
        var shortCbc = Encoding.ASCII.GetBytes("k8s:enc:aescbc:v1:k:0123456789abcdef0");
        var distinct = await Assert.ThrowsAsync<EncryptionTransformException>(
            async () => await twoDistinct.For(Secrets).TransformFromStorageAsync(shortCbc, StorageKey, Ct));
        Assert.Equal("the stored data is not a multiple of the block size", distinct.Message);
    }

    [Fact]
    public void AggregateOfDistinctErrorsIsBracketedAndFlattened()
    {
        var inner = TransformError.Aggregate([TransformError.GcmAuthenticationFailed, TransformError.ShorterThanRequired]);
        var outer = TransformError.Aggregate([inner, TransformError.InvalidPadding, TransformError.GcmAuthenticationFailed]);
        Assert.Equal(
            "[cipher: message authentication failed, the stored data was shorter than the required size, invalid padding on input]",
            outer.Message);
    }

    [Fact]
    public async Task UnconfiguredResourceGetsTheEncryptCheckIdentity()
    {
        var config = Load(Keyed("aescbc", ("k", Key32)));
        var configmaps = config.For(new GroupResource("", "configmaps"));
        var read = await configmaps.TransformFromStorageAsync(Plaintext, StorageKey, Ct);
        Assert.False(read.Stale);
        Assert.Equal(Plaintext, read.Data.ToArray());

        var error = await Assert.ThrowsAsync<EncryptionTransformException>(
            async () => await configmaps.TransformFromStorageAsync("k8s:enc:aescbc:v1:k:xxxx"u8.ToArray(), StorageKey, Ct));
        Assert.Equal("identity transformer tried to read encrypted data", error.Message);
        Assert.Equal(["identity"], config.Describe(new GroupResource("", "configmaps")));
    }

    [Fact]
    public async Task IdentityOnlyWritesUnchangedAndRefusesEncryptedData()
    {
        var transformer = ResourceTransformers.IdentityOnly.For(Secrets);
        Assert.Equal(Plaintext, await transformer.TransformToStorageAsync(Plaintext, StorageKey, Ct));
        await Assert.ThrowsAsync<EncryptionTransformException>(
            async () => await transformer.TransformFromStorageAsync("k8s:enc:secretbox:v1:a:b"u8.ToArray(), StorageKey, Ct));
    }

    [Fact]
    public void LookupOrderIsExactThenGroupWildcardThenStarStar()
    {
        var config = TestConfigs.LoadMany(
            ("[secrets]", Keyed("aescbc", ("exact", Key32))),
            ("['*.']", Keyed("aescbc", ("core", Key32))),
            ("['*.apps']", Keyed("aescbc", ("apps", Key32))),
            ("['*.*']", Keyed("aescbc", ("all", Key32))));
        Assert.Equal(["k8s:enc:aescbc:v1:exact:"], config.Describe(Secrets));
        Assert.Equal(["k8s:enc:aescbc:v1:core:"], config.Describe(new GroupResource("", "configmaps")));
        Assert.Equal(["k8s:enc:aescbc:v1:apps:"], config.Describe(new GroupResource("apps", "deployments")));
        Assert.Equal(["k8s:enc:aescbc:v1:all:"], config.Describe(new GroupResource("example.com", "widgets")));
    }

    [Fact]
    public void RepeatedResourceConcatenatesProviderListsInConfigOrder()
    {
        var config = TestConfigs.LoadMany(
            ("[secrets]", Keyed("secretbox", ("a", Key32))),
            ("[configmaps, secrets]", Keyed("aesgcm", ("b", Key32)) + "- identity: {}\n"));
        Assert.Equal(["k8s:enc:secretbox:v1:a:", "k8s:enc:aesgcm:v1:b:", "identity"], config.Describe(Secrets));
        Assert.Equal(["k8s:enc:aesgcm:v1:b:", "identity"], config.Describe(new GroupResource("", "configmaps")));
    }
}
