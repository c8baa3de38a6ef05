using AtRest.ApiServer.Validation;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Resources;

/// <summary>Namespaces: DNS-label names, the <c>kubernetes</c> finalizer, the name label, status owned by the server.</summary>
internal sealed class NamespaceStrategy : ResourceStrategy
{
    /// <summary>The label kube-apiserver sets on every namespace to its name.</summary>
    public const string NameLabel = "kubernetes.io/metadata.name";

    /// <summary>Phase of a live namespace.</summary>
    public const string Active = "Active";

    /// <summary>Phase of a namespace being deleted.</summary>
    public const string Terminating = "Terminating";

    /// <summary>The finalizer the namespace controller removes once the namespace's content is gone.</summary>
    public const string KubernetesFinalizer = "kubernetes";

    // Finalizer names that need no domain (upstream's IsStandardFinalizerName).
    private static readonly string[] StandardFinalizers = [KubernetesFinalizer, "orphan", "foregroundDeletion"];


    /// <inheritdoc />
    public override KindRegistration Definition => Kinds.NamespaceKind.Registration;

    /// <inheritdoc />
    public override Type ObjectType => typeof(Namespace);

    /// <inheritdoc />
    public override KubernetesList CreateList(IEnumerable<KubernetesResource> items)
    {
        var list = new NamespaceList();
        list.Items.AddRange(items.Select(As<Namespace>));
        return list;
    }

    /// <inheritdoc />
    public override void PrepareForCreate(KubernetesResource obj)
    {
        var ns = As<Namespace>(obj);
        ns.Status = new NamespaceStatus { Phase = Active };
        if (!ns.Spec.Finalizers.Contains(KubernetesFinalizer))
        {
            ns.Spec.Finalizers.Add(KubernetesFinalizer);
        }

        SetNameLabel(ns);
    }

    /// <inheritdoc />
    public override void PrepareForUpdate(KubernetesResource obj, KubernetesResource old)
    {
        var ns = As<Namespace>(obj);
        var previous = As<Namespace>(old);

        // Finalizers and status have their own subresources upstream; a plain update keeps them.
        ns.Spec.Finalizers = [.. previous.Spec.Finalizers];
        ns.Status = previous.Status;
        SetNameLabel(ns);
    }

    /// <inheritdoc />
    public override List<FieldError> Validate(KubernetesResource obj) =>
        ObjectMetaRules.Validate(obj.Metadata, namespaced: false, NameRules.IsDns1123Label);

    /// <inheritdoc />
    public override List<FieldError> ValidateUpdate(KubernetesResource obj, KubernetesResource old)
    {
        var errors = ObjectMetaRules.ValidateUpdate(obj.Metadata, old.Metadata);
        errors.AddRange(Validate(obj));
        return errors;
    }

    /// <inheritdoc />
    public override object[] ExtraCells(KubernetesResource obj) => [As<Namespace>(obj).Status.Phase];

    /// <inheritdoc />
    public override string SelectableField(KubernetesResource obj, string field) =>
        field == "status.phase" ? As<Namespace>(obj).Status.Phase : base.SelectableField(obj, field);

    /// <inheritdoc />
    public override bool SupportsField(string field) => field == "status.phase" || base.SupportsField(field);

    /// <summary>
    /// Upstream's ShouldDeleteNamespaceDuringUpdate: a namespace marked for deletion goes once both
    /// <c>spec.finalizers</c> and <c>metadata.finalizers</c> are empty.
    /// </summary>
    public static bool IsFinalized(Namespace ns) =>
        ns.Metadata.DeletionTimestamp is not null && ns.Spec.Finalizers.Count == 0 && ns.Metadata.Finalizers.Count == 0;

    /// <summary>
    /// The <c>finalize</c> subresource's update: only <c>spec.finalizers</c> is taken from the body; the rest of the
    /// stored namespace, status included, stays.
    /// </summary>
    public static Namespace PrepareForFinalize(Namespace body, Namespace current)
    {
        current.Spec.Finalizers = [.. body.Spec.Finalizers];
        return current;
    }

    /// <summary>Upstream's ValidateNamespaceFinalizeUpdate: each finalizer is a qualified name, with a domain unless standard.</summary>
    public static List<FieldError> ValidateFinalize(Namespace ns)
    {
        var errors = new List<FieldError>();
        for (var i = 0; i < ns.Spec.Finalizers.Count; i++)
        {
            var field = $"spec.finalizers[{i}]";
            var name = ns.Spec.Finalizers[i];
            errors.AddRange(LabelRules.IsQualifiedName(name).Select(message => FieldError.Invalid(field, name, message)));
            if (!name.Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(FieldError.Invalid(field, name, "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }

        return errors;
    }

    private static void SetNameLabel(Namespace ns)
    {
        if (ns.Metadata.Name.Length > 0)
        {
            ns.Metadata.Labels[NameLabel] = ns.Metadata.Name;
        }
    }
}
