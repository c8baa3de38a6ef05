using System.Security.Cryptography;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Resources;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// kube-apiserver's <c>rest.BeforeCreate</c> / <c>rest.BeforeUpdate</c>: the request namespace, generated names,
/// server-owned metadata (uid, creationTimestamp), the kind's defaulting, then validation (422 Invalid).
/// </summary>
internal static class ObjectPreparation
{
    // apimachinery's names.SimpleNameGenerator alphabet (no vowels, no confusable characters) and sizes.
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int RandomLength = 5;
    private const int MaxGeneratedNameLength = 63;

    /// <summary>Prepares and validates a new object for <paramref name="namespace"/> (null for cluster-scoped kinds).</summary>
    public static void ForCreate(KubernetesResource obj, string? @namespace, ResourceStrategy strategy)
    {
        var meta = obj.Metadata;
        MatchNamespace(meta, @namespace, strategy);
        if (meta.ResourceVersion.Length > 0)
        {
            throw ApiErrors.BadRequest("resourceVersion should not be set on objects to be created");
        }

        if (meta.Name.Length == 0 && meta.GenerateName.Length > 0)
        {
            meta.Name = GenerateName(meta.GenerateName);
        }

        meta.Uid = Guid.NewGuid().ToString();
        meta.CreationTimestamp = WholeSecondsNow();
        meta.DeletionTimestamp = null;
        meta.DeletionGracePeriodSeconds = null;
        meta.SelfLink = "";
        strategy.PrepareForCreate(obj);
        var errors = strategy.Validate(obj);
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(strategy.Definition.Group, strategy.Definition.Kind, meta.Name, errors);
        }
    }

    /// <summary>
    /// Prepares and validates <paramref name="obj"/> as the replacement of <paramref name="current"/>; a
    /// resourceVersion that differs from the current one is a 409 Conflict.
    /// </summary>
    public static void ForUpdate(KubernetesResource obj, KubernetesResource current, ResourceStrategy strategy)
    {
        var meta = obj.Metadata;
        var old = current.Metadata;
        if (meta.ResourceVersion.Length > 0 && meta.ResourceVersion != old.ResourceVersion)
        {
            var definition = strategy.Definition;
            throw ApiErrors.Modified(definition.Group.Length == 0 ? definition.Resource : $"{definition.Resource}.{definition.Group}", old.Name);
        }

        meta.ResourceVersion = old.ResourceVersion;
        if (meta.Uid.Length == 0)
        {
            meta.Uid = old.Uid;
        }

        meta.CreationTimestamp = old.CreationTimestamp;
        meta.DeletionTimestamp = old.DeletionTimestamp;
        meta.DeletionGracePeriodSeconds = old.DeletionGracePeriodSeconds;
        meta.Generation = old.Generation;
        meta.SelfLink = "";
        strategy.PrepareForUpdate(obj, current);
        var errors = strategy.ValidateUpdate(obj, current);
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(strategy.Definition.Group, strategy.Definition.Kind, meta.Name, errors);
        }
    }

    /// <summary>Checks the body's name and namespace against the URL (400 when they differ), filling them when empty.</summary>
    public static void MatchUrl(KubernetesResource obj, string? @namespace, string name, ResourceStrategy strategy)
    {
        var meta = obj.Metadata;
        if (meta.Name.Length == 0)
        {
            meta.Name = name;
        }
        else if (meta.Name != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({meta.Name}) does not match the name on the URL ({name})");
        }

        MatchNamespace(meta, @namespace, strategy);
    }

    private static void MatchNamespace(ObjectMeta meta, string? @namespace, ResourceStrategy strategy)
    {
        if (!strategy.Definition.Namespaced)
        {
            meta.Namespace = "";
        }
        else if (meta.Namespace.Length == 0)
        {
            meta.Namespace = @namespace ?? "";
        }
        else if (meta.Namespace != @namespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static KubernetesTime WholeSecondsNow() =>
        new(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 0);

    private static string GenerateName(string prefix)
    {
        if (prefix.Length > MaxGeneratedNameLength - RandomLength)
        {
            prefix = prefix[..(MaxGeneratedNameLength - RandomLength)];
        }

        var suffix = new char[RandomLength];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = NameAlphabet[RandomNumberGenerator.GetInt32(NameAlphabet.Length)];
        }

        return prefix + new string(suffix);
    }
}
