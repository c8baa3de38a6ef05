using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Validation;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Resources;

/// <summary>
/// What differs between kinds, as kube-apiserver's registry strategies: defaulting before create and update,
/// validation, the Table columns and the selectable fields.
/// </summary>
internal abstract class ResourceStrategy
{
    /// <summary>The kind's registration.</summary>
    public abstract KindRegistration Definition { get; }

    /// <summary>The CLR type of an object of this kind.</summary>
    public abstract Type ObjectType { get; }

    /// <summary>The typed list (<c>SecretList</c>, …) holding <paramref name="items"/>.</summary>
    public abstract KubernetesList CreateList(IEnumerable<KubernetesResource> items);

    /// <summary>Defaults and normalises a new object (before validation).</summary>
    public abstract void PrepareForCreate(KubernetesResource obj);

    /// <summary>Defaults and normalises a replacement of <paramref name="old"/> (before validation).</summary>
    public abstract void PrepareForUpdate(KubernetesResource obj, KubernetesResource old);

    /// <summary>Validation of a new object.</summary>
    public abstract List<FieldError> Validate(KubernetesResource obj);

    /// <summary>Validation of a replacement of <paramref name="old"/>.</summary>
    public abstract List<FieldError> ValidateUpdate(KubernetesResource obj, KubernetesResource old);

    /// <summary>
    /// Checks a write that needs the requesting user beyond the request's own authorization, after preparation and
    /// validation: kube's RBAC escalation check on roles and bindings. Nothing for most kinds.
    /// </summary>
    /// <param name="http">The request (its user and services).</param>
    /// <param name="obj">The object to be written.</param>
    /// <param name="old">The stored object an update replaces; null for a create.</param>
    /// <exception cref="ApiException">The write is refused (403).</exception>
    public virtual void ConfirmWrite(HttpContext http, KubernetesResource obj, KubernetesResource? old)
    {
    }

    /// <summary>The cells of the registration's columns.</summary>
    public abstract object[] ExtraCells(KubernetesResource obj);

    /// <summary>The value of a field selector's field, or throws BadRequest for a field the kind does not support.</summary>
    public virtual string SelectableField(KubernetesResource obj, string field) => field switch
    {
        "metadata.name" => obj.Metadata.Name,
        "metadata.namespace" => obj.Metadata.Namespace,
        _ => throw UnsupportedField(field),
    };

    /// <summary>Whether the kind supports <paramref name="field"/> in a field selector.</summary>
    public virtual bool SupportsField(string field) => field is "metadata.name" or "metadata.namespace";

    /// <summary>The BadRequest kube-apiserver returns for an unsupported field selector.</summary>
    protected static ApiException UnsupportedField(string field) =>
        ApiErrors.BadRequest($"field label not supported: {field}");

    /// <summary>The object as <typeparamref name="T"/>, or a 500 when the decoder produced another kind.</summary>
    protected static T As<T>(KubernetesResource obj)
        where T : KubernetesResource =>
        obj as T ?? throw ApiErrors.Internal($"expected a {typeof(T).Name}, got {obj.Kind}");
}
