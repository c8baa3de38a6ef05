using AtRest.Encryption.Configuration.Model;

namespace AtRest.Encryption.Configuration.Validation;

/// <summary>
/// kube-apiserver's <c>ValidateEncryptionConfiguration</c>, rule for rule and in the same order, with the same
/// paths and detail texts (including the literal "unsupported apiVersion apiVersion" quirk).
/// </summary>
internal static class EncryptionConfigurationValidator
{
    private static readonly int[] AesKeySizes = [16, 24, 32];
    private static readonly int[] SecretboxKeySizes = [32];

    public static List<FieldError> Validate(EncryptionConfigurationDocument config, bool reload)
    {
        var errors = new List<FieldError>();
        if (config.Resources is not { Count: > 0 } resources)
        {
            errors.Add(FieldError.Required("resources", "at least one resources is required"));
            return errors;
        }

        var kmsNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < resources.Count; i++)
        {
            var entry = resources[i] ?? new ResourceConfiguration();
            var r = $"resources[{i}].resources";
            var p = $"resources[{i}].providers";
            var names = entry.Resources ?? [];
            if (names.Count == 0)
            {
                errors.Add(FieldError.Required(r, $"at least one {r} is required"));
            }

            ValidateOverlap(names, r, errors);
            ValidateNames(names, r, errors);

            var providers = entry.Providers ?? [];
            if (providers.Count == 0)
            {
                errors.Add(FieldError.Required(p, $"at least one {p} is required"));
            }

            for (var j = 0; j < providers.Count; j++)
            {
                var provider = providers[j] ?? new ProviderConfiguration();
                var path = $"{p}[{j}]";
                ValidateSingleProvider(provider, path, errors);
                if (provider.Kms is not null)
                {
                    ValidateKms(provider.Kms, path + ".kms", kmsNames, reload, errors);
                    kmsNames.Add(provider.Kms.Name);
                }
                else if (provider.AesGcm is not null)
                {
                    ValidateKeys(provider.AesGcm.Keys, path + ".aesgcm.keys", AesKeySizes, errors);
                }
                else if (provider.AesCbc is not null)
                {
                    ValidateKeys(provider.AesCbc.Keys, path + ".aescbc.keys", AesKeySizes, errors);
                }
                else if (provider.Secretbox is not null)
                {
                    ValidateKeys(provider.Secretbox.Keys, path + ".secretbox.keys", SecretboxKeySizes, errors);
                }
            }
        }

        return errors;
    }

    private static void ValidateOverlap(List<string> resources, string path, List<FieldError> errors)
    {
        if (resources.Count < 2)
        {
            return;
        }

        var parsed = resources.Select(GroupResourceNames.Parse).ToList();
        bool hasOverlap = false, hasDuplicate = false;
        for (var i = 0; i < parsed.Count; i++)
        {
            for (var j = 0; j < parsed.Count; j++)
            {
                if (i == j)
                {
                    continue;
                }

                var (r1, r2) = (parsed[i], parsed[j]);
                if (r1 == r2 && !hasDuplicate)
                {
                    hasDuplicate = true;
                    continue;
                }

                if (hasOverlap)
                {
                    continue;
                }

                if (r1 == GroupResourceNames.AnyGroupAnyResource)
                {
                    hasOverlap = true;
                    continue;
                }

                if (r1.Group != r2.Group)
                {
                    continue;
                }

                if (r1.Resource == "*" || r2.Resource == "*")
                {
                    hasOverlap = true;
                }
            }
        }

        var rendered = GoFormat.JsonStringList(resources);
        if (hasDuplicate)
        {
            errors.Add(FieldError.InvalidRendered(path, rendered, "the same resource cannot be specified multiple times"));
        }

        if (hasOverlap)
        {
            errors.Add(FieldError.InvalidRendered(
                path, rendered, "using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked"));
        }
    }

    private static void ValidateNames(List<string> resources, string path, List<FieldError> errors)
    {
        for (var j = 0; j < resources.Count; j++)
        {
            var res = resources[j] ?? "";
            var jj = $"{path}[{j}]";
            string? detail = null;
            if (res.ToLowerInvariant() != res)
            {
                detail = "resource name should not contain capital letters";
            }
            else if (res == "*")
            {
                detail = "use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources";
            }
            else if (res is "apiserveripinfo" or "serviceipallocations" or "servicenodeportallocations")
            {
                detail = "resources which do not have REST API/s cannot be encrypted";
            }
            else
            {
                var gr = GroupResourceNames.Parse(res);
                if (gr.Group == "events.k8s.io")
                {
                    detail = "'*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file";
                }
                else if (gr.Group == "extensions")
                {
                    detail = "'extensions' group has been removed and cannot be used for encryption";
                }
                else if (gr.Group == "*" && gr.Resource != "*")
                {
                    detail = "encrypting the same resource across groups is not supported";
                }
            }

            if (detail is not null)
            {
                errors.Add(FieldError.InvalidString(jj, res, detail));
            }
        }
    }

    private static void ValidateSingleProvider(ProviderConfiguration provider, string path, List<FieldError> errors)
    {
        var found = provider.CountSet();
        if (found == 0)
        {
            errors.Add(FieldError.InvalidRendered(
                path, provider.ToGoJson(), "provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity"));
        }
        else if (found > 1)
        {
            errors.Add(FieldError.InvalidRendered(
                path, provider.ToGoJson(), "more than one provider specified in a single element, should split into different list elements"));
        }
    }

    private static void ValidateKeys(List<KeyConfiguration>? keys, string path, int[] expectedLengths, List<FieldError> errors)
    {
        if (keys is not { Count: > 0 })
        {
            errors.Add(FieldError.Required(path, "at least one keys is required"));
            return;
        }

        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i] ?? new KeyConfiguration();
            var keyPath = $"{path}[{i}]";
            if (key.Name.Length == 0)
            {
                errors.Add(FieldError.Required(keyPath + ".name", "name is a mandatory field for a key"));
            }

            if (key.Secret.Length == 0)
            {
                errors.Add(FieldError.Required(keyPath + ".secret", "secret is a mandatory field for a key"));
                continue;
            }

            var secret = GoBase64.TryDecode(key.Secret, out _);
            if (secret is null)
            {
                errors.Add(FieldError.InvalidString(keyPath + ".secret", "REDACTED", "secrets must be base64 encoded"));
                continue;
            }

            if (!expectedLengths.Contains(secret.Length))
            {
                errors.Add(FieldError.InvalidString(
                    keyPath + ".secret",
                    "REDACTED",
                    $"secret is not of the expected length, got {secret.Length}, expected one of [{string.Join(' ', expectedLengths)}]"));
            }

            Array.Clear(secret);
        }
    }

    private static void ValidateKms(KmsConfiguration kms, string path, HashSet<string> names, bool reload, List<FieldError> errors)
    {
        var namePath = path + ".name";
        if (kms.Name.Length == 0)
        {
            errors.Add(FieldError.Required(namePath, "name is a mandatory field for a provider"));
        }

        if (kms.ApiVersion != "v1" && kms.Name.Contains(':', StringComparison.Ordinal))
        {
            errors.Add(FieldError.InvalidString(namePath, kms.Name, $"invalid KMS provider name {kms.Name}, must not contain ':'"));
        }

        if ((reload || kms.ApiVersion != "v1") && names.Contains(kms.Name))
        {
            errors.Add(FieldError.InvalidString(namePath, kms.Name, $"duplicate KMS provider name {kms.Name}, names must be unique"));
        }

        var timeout = kms.TimeoutNanoseconds ?? 0;
        if (timeout <= 0)
        {
            errors.Add(FieldError.InvalidRendered(path + ".timeout", GoFormat.JsonString(GoDuration.Format(timeout)), "timeout should be a positive value"));
        }

        ValidateEndpoint(kms.Endpoint, path + ".endpoint", errors);

        var cachePath = path + ".cachesize";
        if (kms.ApiVersion != "v1" && kms.CacheSize is { } v2Cache)
        {
            errors.Add(FieldError.InvalidRendered(cachePath, v2Cache.ToString(System.Globalization.CultureInfo.InvariantCulture), "cachesize is not supported in v2"));
        }

        if (kms.ApiVersion == "v1" && kms.CacheSize == 0)
        {
            errors.Add(FieldError.InvalidRendered(cachePath, "0", "cachesize should be a positive value, or negative to disable"));
        }

        if (kms.ApiVersion is not ("v1" or "v2"))
        {
            errors.Add(FieldError.InvalidString(
                path + ".apiVersion", kms.ApiVersion, "unsupported apiVersion apiVersion for KMS provider, only v1 and v2 are supported"));
        }
    }

    private static void ValidateEndpoint(string endpoint, string path, List<FieldError> errors)
    {
        if (endpoint.Length == 0)
        {
            errors.Add(FieldError.InvalidString(path, "", "endpoint is a mandatory field for a kms"));
            return;
        }

        var scheme = GoUrl.TryGetScheme(endpoint, out var parseError);
        if (scheme is null)
        {
            errors.Add(FieldError.InvalidString(path, endpoint, $"invalid endpoint for kms provider, error: {parseError}"));
            return;
        }

        if (scheme != "unix")
        {
            errors.Add(FieldError.InvalidString(path, endpoint, $"unsupported scheme {GoFormat.Quote(scheme)} for KMS provider, only unix is supported"));
        }
    }
}
