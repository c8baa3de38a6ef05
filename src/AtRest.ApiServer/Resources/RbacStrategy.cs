using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Validation;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Resources;

/// <summary>
/// The four <c>rbac.authorization.k8s.io/v1</c> kinds: kube's defaulting (<see cref="RbacDefaults"/>), validation
/// (<see cref="RbacRules"/>), Table cells, and its escalation check on every create and update
/// (<see cref="RbacEscalationGuard"/>).
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
/// <typeparam name="TList">Its list type.</typeparam>
/// <param name="definition">The kind's registration (a function: registration and strategy refer to each other).</param>
/// <param name="cells">The Table cells of an object, those of the registration's columns then of its columns after AGE.</param>
internal sealed class RbacStrategy<T, TList>(Func<KindRegistration> definition, Func<T, object[]> cells) : ResourceStrategy
    where T : KubernetesResource
    where TList : KubernetesList<T>, new()
{
    /// <inheritdoc />
    public override KindRegistration Definition => definition();

    /// <inheritdoc />
    public override Type ObjectType => typeof(T);

    /// <inheritdoc />
    public override KubernetesList CreateList(IEnumerable<KubernetesResource> items)
    {
        var list = new TList();
        list.Items.AddRange(items.Select(As<T>));
        return list;
    }

    /// <inheritdoc />
    public override void PrepareForCreate(KubernetesResource obj) => RbacDefaults.Apply(As<T>(obj));

    /// <inheritdoc />
    public override void PrepareForUpdate(KubernetesResource obj, KubernetesResource old) => RbacDefaults.Apply(As<T>(obj));

    /// <inheritdoc />
    public override List<FieldError> Validate(KubernetesResource obj) => RbacRules.Validate(As<T>(obj));

    /// <inheritdoc />
    public override List<FieldError> ValidateUpdate(KubernetesResource obj, KubernetesResource old) =>
        RbacRules.ValidateUpdate(As<T>(obj), As<T>(old));

    /// <inheritdoc />
    public override object[] ExtraCells(KubernetesResource obj) => cells(As<T>(obj));

    /// <inheritdoc />
    public override void ConfirmWrite(HttpContext http, KubernetesResource obj, KubernetesResource? old) =>
        RbacEscalationGuard.ConfirmWrite(http, As<T>(obj), old);
}
