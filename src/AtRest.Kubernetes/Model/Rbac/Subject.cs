namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>
/// rbac/v1 <c>Subject</c>: who a binding applies to. <see cref="RbacGroup.UserKind"/> and <see cref="RbacGroup.GroupKind"/>
/// carry API group <c>rbac.authorization.k8s.io</c>, <see cref="RbacGroup.ServiceAccountKind"/> the core group <c>""</c>
/// and a namespace.
/// </summary>
/// <param name="Kind"><c>kind</c> (always written in JSON).</param>
/// <param name="ApiGroup"><c>apiGroup</c>.</param>
/// <param name="Name"><c>name</c> (always written in JSON).</param>
/// <param name="Namespace"><c>namespace</c>; only for service accounts.</param>
public sealed record Subject(string Kind, string ApiGroup, string Name, string Namespace)
{
    /// <summary>A user subject.</summary>
    public static Subject User(string name) => new(RbacGroup.UserKind, RbacGroup.Name, name, "");

    /// <summary>A group subject.</summary>
    public static Subject Group(string name) => new(RbacGroup.GroupKind, RbacGroup.Name, name, "");

    /// <summary>A service account subject.</summary>
    public static Subject ServiceAccount(string @namespace, string name) => new(RbacGroup.ServiceAccountKind, "", name, @namespace);
}
