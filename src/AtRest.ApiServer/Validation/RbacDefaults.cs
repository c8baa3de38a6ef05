using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Validation;

/// <summary>
/// rbac/v1 defaulting (kube's <c>SetDefaults_RoleBinding</c>, <c>SetDefaults_ClusterRoleBinding</c>,
/// <c>SetDefaults_Subject</c>), applied before validation: an empty <c>roleRef.apiGroup</c> becomes
/// <c>rbac.authorization.k8s.io</c>; an empty subject <c>apiGroup</c> becomes <c>rbac.authorization.k8s.io</c> for
/// User and Group and stays <c>""</c> for ServiceAccount.
/// </summary>
internal static class RbacDefaults
{
    /// <summary>Defaults a RoleBinding or ClusterRoleBinding in place; other kinds are left alone.</summary>
    public static void Apply(KubernetesResource resource)
    {
        switch (resource)
        {
            case RoleBinding binding:
                binding.RoleRef = DefaultRoleRef(binding.RoleRef);
                binding.Subjects = [.. binding.Subjects.Select(DefaultSubject)];
                break;
            case ClusterRoleBinding binding:
                binding.RoleRef = DefaultRoleRef(binding.RoleRef);
                binding.Subjects = [.. binding.Subjects.Select(DefaultSubject)];
                break;
        }
    }

    private static RoleRef DefaultRoleRef(RoleRef roleRef) =>
        roleRef.ApiGroup.Length == 0 ? roleRef with { ApiGroup = RbacGroup.Name } : roleRef;

    private static Subject DefaultSubject(Subject subject) =>
        subject.ApiGroup.Length == 0 && subject.Kind is RbacGroup.UserKind or RbacGroup.GroupKind
            ? subject with { ApiGroup = RbacGroup.Name }
            : subject;
}
