using AtRest.ApiServer.Validation;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Resources.Unstructured;

/// <summary>The rules of a kind without typed logic: kube's object metadata rules and DNS-subdomain names, nothing more.</summary>
internal sealed class UnstructuredStrategy : ResourceStrategy
{
    /// <summary>Creates the strategy of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">The kind has Table columns, which an unstructured object cannot fill.</exception>
    public UnstructuredStrategy(KindRegistration kind)
    {
        if (kind.Columns.Count > 0)
        {
            throw new ArgumentException($"{kind.Kind} is unstructured and cannot have Table columns", nameof(kind));
        }

        Definition = kind;
    }

    /// <inheritdoc />
    public override KindRegistration Definition { get; }

    /// <inheritdoc />
    public override Type ObjectType => typeof(UnstructuredObject);

    /// <inheritdoc />
    public override KubernetesList CreateList(IEnumerable<KubernetesResource> items)
    {
        var list = new UnstructuredList(Definition.GroupVersion, Definition.ListKind);
        list.Items.AddRange(items.Select(As<UnstructuredObject>));
        return list;
    }

    /// <inheritdoc />
    public override void PrepareForCreate(KubernetesResource obj) => As<UnstructuredObject>(obj);

    /// <inheritdoc />
    public override void PrepareForUpdate(KubernetesResource obj, KubernetesResource old) => As<UnstructuredObject>(obj);

    /// <inheritdoc />
    public override List<FieldError> Validate(KubernetesResource obj) =>
        ObjectMetaRules.Validate(As<UnstructuredObject>(obj).Metadata, Definition.Namespaced, NameRules.IsDns1123Subdomain);

    /// <inheritdoc />
    public override List<FieldError> ValidateUpdate(KubernetesResource obj, KubernetesResource old)
    {
        var errors = ObjectMetaRules.ValidateUpdate(obj.Metadata, old.Metadata);
        errors.AddRange(Validate(obj));
        return errors;
    }

    /// <inheritdoc />
    public override object[] ExtraCells(KubernetesResource obj) => [];
}
