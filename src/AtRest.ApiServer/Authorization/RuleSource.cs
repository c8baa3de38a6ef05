using AtRest.ApiServer.Errors;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// Which binding granted a rule to which of its subjects: kube's binding describers, whose text is the RBAC reason
/// (<c>ClusterRoleBinding "x" of ClusterRole "y" to Group "z"</c>, <c>RoleBinding "x/ns" of Role "y" to User "z"</c>).
/// </summary>
/// <param name="BindingName">The binding's name.</param>
/// <param name="BindingNamespace">The RoleBinding's namespace; empty for a ClusterRoleBinding.</param>
/// <param name="RoleRef">The role the binding references.</param>
/// <param name="Subject">The first subject of the binding that matched the user.</param>
public sealed record RuleSource(string BindingName, string BindingNamespace, RoleRef RoleRef, Subject Subject)
{
    /// <summary>kube's describer text.</summary>
    public override string ToString() => BindingNamespace.Length == 0
        ? $"ClusterRoleBinding {ApiErrors.Quote(BindingName)} of {RoleRef.Kind} {ApiErrors.Quote(RoleRef.Name)} to {DescribeSubject()}"
        : $"RoleBinding {ApiErrors.Quote(BindingName + "/" + BindingNamespace)} of {RoleRef.Kind} {ApiErrors.Quote(RoleRef.Name)} to {DescribeSubject()}";

    // A service account is shown as name/namespace, its namespace defaulting to the binding's.
    private string DescribeSubject() => Subject.Kind == RbacGroup.ServiceAccountKind
        ? $"{Subject.Kind} {ApiErrors.Quote(Subject.Name + "/" + (Subject.Namespace.Length > 0 ? Subject.Namespace : BindingNamespace))}"
        : $"{Subject.Kind} {ApiErrors.Quote(Subject.Name)}";
}
