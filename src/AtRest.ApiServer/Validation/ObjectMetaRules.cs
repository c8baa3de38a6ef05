using System.Text;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Validation;

/// <summary>kube-apiserver's <c>ValidateObjectMeta</c> and <c>ValidateObjectMetaUpdate</c> for the fields served here.</summary>
internal static class ObjectMetaRules
{
    private const int TotalAnnotationSizeLimit = 256 * 1024;

    /// <summary>Checks a new object's metadata; <paramref name="nameRule"/> is the kind's name rule.</summary>
    public static List<FieldError> Validate(ObjectMeta meta, bool namespaced, Func<string, List<string>> nameRule)
    {
        var errors = new List<FieldError>();
        if (meta.GenerateName.Length > 0)
        {
            foreach (var m in nameRule(MaskTrailingDash(meta.GenerateName)))
            {
                errors.Add(FieldError.Invalid("metadata.generateName", meta.GenerateName, m));
            }
        }

        if (meta.Name.Length == 0)
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            foreach (var m in nameRule(meta.Name))
            {
                errors.Add(FieldError.Invalid("metadata.name", meta.Name, m));
            }
        }

        if (namespaced)
        {
            if (meta.Namespace.Length == 0)
            {
                errors.Add(FieldError.Required("metadata.namespace"));
            }
            else
            {
                foreach (var m in NameRules.IsDns1123Label(meta.Namespace))
                {
                    errors.Add(FieldError.Invalid("metadata.namespace", meta.Namespace, m));
                }
            }
        }
        else if (meta.Namespace.Length > 0)
        {
            errors.Add(FieldError.Forbidden("metadata.namespace", "not allowed on this type"));
        }

        foreach (var (key, value) in meta.Labels)
        {
            errors.AddRange(LabelRules.IsQualifiedName(key).Select(m => FieldError.Invalid("metadata.labels", key, m)));
            errors.AddRange(LabelRules.IsValidLabelValue(value).Select(m => FieldError.Invalid("metadata.labels", value, m)));
        }

        var annotationBytes = 0;
        foreach (var (key, value) in meta.Annotations)
        {
            errors.AddRange(LabelRules.IsQualifiedName(key.ToLowerInvariant()).Select(m => FieldError.Invalid("metadata.annotations", key, m)));
            annotationBytes += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        if (annotationBytes > TotalAnnotationSizeLimit)
        {
            errors.Add(FieldError.TooLong("metadata.annotations", TotalAnnotationSizeLimit));
        }

        return errors;
    }

    /// <summary>Checks that an update keeps the fields that may never change.</summary>
    public static List<FieldError> ValidateUpdate(ObjectMeta updated, ObjectMeta old)
    {
        var errors = new List<FieldError>();
        Immutable(errors, "metadata.name", updated.Name, old.Name);
        Immutable(errors, "metadata.namespace", updated.Namespace, old.Namespace);
        Immutable(errors, "metadata.uid", updated.Uid, old.Uid);
        return errors;
    }

    /// <summary>apimachinery's <c>ValidateImmutableField</c>.</summary>
    public static void Immutable(List<FieldError> errors, string field, string updated, string old)
    {
        if (!string.Equals(updated, old, StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(field, updated, "field is immutable"));
        }
    }

    // A generateName prefix is checked as a name with its trailing dash replaced (apimachinery maskTrailingDash).
    private static string MaskTrailingDash(string prefix) =>
        prefix.Length > 1 && prefix[^1] == '-' ? prefix[..^1] + "a" : prefix;
}
