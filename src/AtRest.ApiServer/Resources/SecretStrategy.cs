using AtRest.ApiServer.Validation;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Resources;

/// <summary>Secrets: <c>stringData</c> folded into <c>data</c>, <c>type</c> defaulted and immutable, size and key rules.</summary>
internal sealed class SecretStrategy : ResourceStrategy
{
    /// <summary>The largest total of data values, in bytes (<c>MaxSecretSize</c>).</summary>
    public const int MaxSecretSize = 1024 * 1024;

    private const string ImmutableDetail = "field is immutable when `immutable` is set";


    /// <inheritdoc />
    public override KindRegistration Definition => Kinds.SecretKind.Registration;

    /// <inheritdoc />
    public override Type ObjectType => typeof(Secret);

    /// <inheritdoc />
    public override KubernetesList CreateList(IEnumerable<KubernetesResource> items)
    {
        var list = new SecretList();
        list.Items.AddRange(items.Select(As<Secret>));
        return list;
    }

    /// <inheritdoc />
    public override void PrepareForCreate(KubernetesResource obj) => Normalise(As<Secret>(obj));

    /// <inheritdoc />
    public override void PrepareForUpdate(KubernetesResource obj, KubernetesResource old) => Normalise(As<Secret>(obj));

    /// <inheritdoc />
    public override List<FieldError> Validate(KubernetesResource obj)
    {
        var secret = As<Secret>(obj);
        var errors = ObjectMetaRules.Validate(secret.Metadata, namespaced: true, NameRules.IsDns1123Subdomain);
        var total = 0;
        foreach (var (key, value) in secret.Data)
        {
            errors.AddRange(NameRules.IsConfigMapKey(key).Select(m => FieldError.Invalid($"data[{key}]", key, m)));
            total += value.Length;
        }

        if (total > MaxSecretSize)
        {
            errors.Add(FieldError.TooLong("data", MaxSecretSize));
        }

        errors.AddRange(SecretTypeRules.Validate(secret));
        return errors;
    }

    /// <inheritdoc />
    public override List<FieldError> ValidateUpdate(KubernetesResource obj, KubernetesResource old)
    {
        var secret = As<Secret>(obj);
        var previous = As<Secret>(old);
        var errors = ObjectMetaRules.ValidateUpdate(secret.Metadata, previous.Metadata);
        ObjectMetaRules.Immutable(errors, "type", secret.Type, previous.Type);
        if (previous.Immutable == true)
        {
            if (secret.Immutable != true)
            {
                errors.Add(FieldError.Forbidden("immutable", ImmutableDetail));
            }

            if (!DataEquals(secret.Data, previous.Data))
            {
                errors.Add(FieldError.Forbidden("data", ImmutableDetail));
            }
        }

        errors.AddRange(Validate(secret));
        return errors;
    }

    /// <inheritdoc />
    public override object[] ExtraCells(KubernetesResource obj)
    {
        var secret = As<Secret>(obj);
        return [secret.Type, secret.Data.Count];
    }

    /// <inheritdoc />
    public override string SelectableField(KubernetesResource obj, string field) =>
        field == "type" ? As<Secret>(obj).Type : base.SelectableField(obj, field);

    /// <inheritdoc />
    public override bool SupportsField(string field) => field == "type" || base.SupportsField(field);

    private static void Normalise(Secret secret)
    {
        secret.FoldStringData();
        if (secret.Type.Length == 0)
        {
            secret.Type = "Opaque";
        }
    }

    private static bool DataEquals(Dictionary<string, byte[]> a, Dictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && kv.Value.AsSpan().SequenceEqual(other));
}
