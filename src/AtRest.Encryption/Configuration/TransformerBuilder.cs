using AtRest.Encryption.Configuration.Model;
using AtRest.Encryption.Configuration.Validation;
using AtRest.Encryption.Kms;
using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Configuration;

/// <summary>
/// Turns a validated configuration into per-resource prefix chains, as <c>getTransformerOverridesAndKMSPluginProbes</c>:
/// entries in order; a resource is rejected when an earlier entry registered its <c>&lt;group&gt;.*</c> or <c>*.*</c>;
/// a resource named again later gets the later providers appended to its list.
/// </summary>
internal static class TransformerBuilder
{
    public const string AesCbcPrefix = "k8s:enc:aescbc:v1:";
    public const string AesGcmPrefix = "k8s:enc:aesgcm:v1:";
    public const string SecretboxPrefix = "k8s:enc:secretbox:v1:";
    public const string KmsV1Prefix = "k8s:enc:kms:v1:";
    public const string KmsV2Prefix = "k8s:enc:kms:v2:";

    public static LoadedEncryptionConfiguration Build(
        EncryptionConfigurationDocument document, string path, string hash, bool automaticReload, INonceSource nonces, KmsRuntimeOptions kms)
    {
        var kmsProviders = new List<IKmsProviderHealth>();
        try
        {
            return Build(document, path, hash, automaticReload, nonces, kms, kmsProviders);
        }
        catch
        {
            // Started KMS providers poll their plugins: stop them when the configuration is rejected.
            foreach (var provider in kmsProviders.OfType<IAsyncDisposable>())
            {
                provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }
    }

    private static LoadedEncryptionConfiguration Build(
        EncryptionConfigurationDocument document, string path, string hash, bool automaticReload, INonceSource nonces, KmsRuntimeOptions kms,
        List<IKmsProviderHealth> kmsProviders)
    {
        var perResource = new Dictionary<GroupResource, List<PrefixedTransformer>>();
        var order = new List<GroupResource>();
        var warnings = new List<string>();
        var resources = document.Resources!;
        for (var i = 0; i < resources.Count; i++)
        {
            var entry = resources[i];
            var names = entry.Resources!;
            var providers = new List<PrefixedTransformer>();
            for (var j = 0; j < entry.Providers!.Count; j++)
            {
                providers.Add(BuildProvider(entry.Providers[j], nonces, kms, kmsProviders));
            }

            AddWarnings(entry, i, automaticReload, warnings);
            foreach (var name in names)
            {
                var gr = GroupResourceNames.Parse(name);
                var anyInGroup = new GroupResource(gr.Group, "*");
                if (perResource.ContainsKey(anyInGroup))
                {
                    throw new TransformerBuildException(
                        $"resource {GoFormat.Quote(GroupResourceNames.ToYamlString(gr))} is masked by earlier rule {GoFormat.Quote(GroupResourceNames.ToYamlString(anyInGroup))}");
                }

                if (perResource.ContainsKey(GroupResourceNames.AnyGroupAnyResource))
                {
                    throw new TransformerBuildException(
                        $"resource {GoFormat.Quote(GroupResourceNames.ToYamlString(gr))} is masked by earlier rule {GoFormat.Quote("*.*")}");
                }

                if (!perResource.TryGetValue(gr, out var list))
                {
                    perResource[gr] = list = [];
                    order.Add(gr);
                }

                list.AddRange(providers);
            }
        }

        var chains = order.ToDictionary(gr => gr, gr => new PrefixTransformerChain(perResource[gr], TransformError.NoMatchingPrefix));
        return new LoadedEncryptionConfiguration(path, hash, automaticReload, chains, warnings, kmsProviders);
    }

    private static PrefixedTransformer BuildProvider(
        ProviderConfiguration provider, INonceSource nonces, KmsRuntimeOptions kmsOptions, List<IKmsProviderHealth> kmsProviders)
    {
        if (provider.AesGcm is not null)
        {
            return KeyedProvider(AesGcmPrefix, provider.AesGcm, TransformError.NoMatchingAesKey, "aes", key => new AesGcmTransformer(key, nonces));
        }

        if (provider.AesCbc is not null)
        {
            return KeyedProvider(AesCbcPrefix, provider.AesCbc, TransformError.NoMatchingAesKey, "aes", key => new AesCbcTransformer(key, nonces));
        }

        if (provider.Secretbox is not null)
        {
            return KeyedProvider(SecretboxPrefix, provider.Secretbox, TransformError.NoMatchingSecretboxKey, "secretbox", key =>
                key.Length == 32
                    ? new SecretboxTransformer(key, nonces)
                    : throw new TransformerBuildException($"expected key size 32 for secretbox provider, got {key.Length}"));
        }

        if (provider.Kms is { } kms)
        {
            var timeout = TimeSpan.FromTicks(kms.TimeoutNanoseconds!.Value / 100);
            if (kms.ApiVersion == "v1")
            {
                if (!kmsOptions.AllowKmsV1)
                {
                    // Upstream's answer with the KMSv1 feature gate at its default (off since 1.29).
                    throw new TransformerBuildException(
                        "KMSv1 is deprecated and will only receive security updates going forward. Use KMSv2 instead.  Set --feature-gates=KMSv1=true to use the deprecated KMSv1 feature.");
                }

                var v1 = new KmsV1Provider(kms.Name, kms.Endpoint, timeout, kms.CacheSize ?? 1000, kmsOptions, nonces);
                kmsProviders.Add(v1);
                return new PrefixedTransformer($"{KmsV1Prefix}{kms.Name}:", v1);
            }

            var v2 = new KmsV2Provider(kms.Name, kms.Endpoint, timeout, kmsOptions, nonces);
            kmsProviders.Add(v2);
            return new PrefixedTransformer($"{KmsV2Prefix}{kms.Name}:", v2);
        }

        if (provider.Identity is not null)
        {
            return new PrefixedTransformer("", IdentityTransformer.Instance);
        }

        throw new TransformerBuildException("provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity");
    }

    private static PrefixedTransformer KeyedProvider(
        string prefix, KeyListConfiguration config, TransformError noMatch, string kind, Func<SecretKey, StorageTransformer> create)
    {
        var keys = config.Keys ?? [];
        if (keys.Count == 0)
        {
            throw new TransformerBuildException($"{kind} provider has no valid keys");
        }

        foreach (var key in keys)
        {
            if (key.Name.Length == 0)
            {
                throw new TransformerBuildException("key with invalid name provided");
            }

            if (key.Secret.Length == 0)
            {
                throw new TransformerBuildException($"key {key.Name} has no provided secret");
            }
        }

        var perKey = new List<PrefixedTransformer>(keys.Count);
        foreach (var key in keys)
        {
            var raw = GoBase64.TryDecode(key.Secret, out var error)
                ?? throw new TransformerBuildException($"could not obtain secret for named key {key.Name}: {error}");
            try
            {
                perKey.Add(new PrefixedTransformer(key.Name + ":", create(new SecretKey(raw))));
            }
            finally
            {
                Array.Clear(raw);
            }
        }

        return new PrefixedTransformer(prefix, new PrefixTransformerChain(perKey, noMatch));
    }

    private static void AddWarnings(ResourceConfiguration entry, int index, bool automaticReload, List<string> warnings)
    {
        var names = string.Join(", ", entry.Resources!);
        if (entry.Providers![0].Identity is not null)
        {
            warnings.Add($"resources[{index}]: identity is the first provider for [{names}], so new values are written unencrypted");
        }

        for (var j = 0; j < entry.Providers.Count; j++)
        {
            if (entry.Providers[j].AesGcm is not null && !automaticReload)
            {
                warnings.Add(
                    $"resources[{index}].providers[{j}]: aesgcm keys must be rotated every 200,000 writes and automatic reload is off, so rotation needs restarts; prefer secretbox or kms v2");
            }
        }
    }
}
