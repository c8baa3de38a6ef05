using System.Text;
using AtRest.ApiServer.Validation;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Resources;

/// <summary>ConfigMaps: key rules across <c>data</c> and <c>binaryData</c>, a 1 MiB total, immutability.</summary>
internal sealed class ConfigMapStrategy : ResourceStrategy
{
    private const string ImmutableDetail = "field is immutable when `immutable` is set";


    /// <inheritdoc />
    public override KindRegistration Definition => Kinds.ConfigMapKind.Registration;

    /// <inheritdoc />
    public override Type ObjectType => typeof(ConfigMap);

    /// <inheritdoc />
    public override KubernetesList CreateList(IEnumerable<KubernetesResource> items)
    {
        var list = new ConfigMapList();
        list.Items.AddRange(items.Select(As<ConfigMap>));
        return list;
    }

    /// <inheritdoc />
    public override void PrepareForCreate(KubernetesResource obj) => As<ConfigMap>(obj);

    /// <inheritdoc />
    public override void PrepareForUpdate(KubernetesResource obj, KubernetesResource old) => As<ConfigMap>(obj);

    /// <inheritdoc />
    public override List<FieldError> Validate(KubernetesResource obj)
    {
        var map = As<ConfigMap>(obj);
        var errors = ObjectMetaRules.Validate(map.Metadata, namespaced: true, NameRules.IsDns1123Subdomain);
        long total = 0;
        foreach (var (key, value) in map.Data)
        {
            errors.AddRange(NameRules.IsConfigMapKey(key).Select(m => FieldError.Invalid($"data[{key}]", key, m)));
            if (map.BinaryData.ContainsKey(key))
            {
                errors.Add(FieldError.Invalid($"data[{key}]", key, "duplicate of key present in binaryData"));
            }

            total += Encoding.UTF8.GetByteCount(value);
        }

        foreach (var (key, value) in map.BinaryData)
        {
            errors.AddRange(NameRules.IsConfigMapKey(key).Select(m => FieldError.Invalid($"binaryData[{key}]", key, m)));
            if (map.Data.ContainsKey(key))
            {
                errors.Add(FieldError.Invalid($"binaryData[{key}]", key, "duplicate of key present in data"));
            }

            total += value.Length;
        }

        if (total > SecretStrategy.MaxSecretSize)
        {
            // An empty field path: upstream reports the size against the whole object.
            errors.Add(FieldError.TooLong("", SecretStrategy.MaxSecretSize));
        }

        return errors;
    }

    /// <inheritdoc />
    public override List<FieldError> ValidateUpdate(KubernetesResource obj, KubernetesResource old)
    {
        var map = As<ConfigMap>(obj);
        var previous = As<ConfigMap>(old);
        var errors = ObjectMetaRules.ValidateUpdate(map.Metadata, previous.Metadata);
        if (previous.Immutable == true)
        {
            if (map.Immutable != true)
            {
                errors.Add(FieldError.Forbidden("immutable", ImmutableDetail));
            }

            if (!StringMapEquals(map.Data, previous.Data))
            {
                errors.Add(FieldError.Forbidden("data", ImmutableDetail));
            }

            if (!BinaryMapEquals(map.BinaryData, previous.BinaryData))
            {
                errors.Add(FieldError.Forbidden("binaryData", ImmutableDetail));
            }
        }

        errors.AddRange(Validate(map));
        return errors;
    }

    /// <inheritdoc />
    public override object[] ExtraCells(KubernetesResource obj)
    {
        var map = As<ConfigMap>(obj);
        return [map.Data.Count + map.BinaryData.Count];
    }

    private static bool StringMapEquals(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && string.Equals(kv.Value, other, StringComparison.Ordinal));

    private static bool BinaryMapEquals(Dictionary<string, byte[]> a, Dictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && kv.Value.AsSpan().SequenceEqual(other));
}
