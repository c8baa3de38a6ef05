namespace AtRest.Kubernetes.Model.Rbac;

/// <summary>Names of the <c>rbac.authorization.k8s.io</c> API group and the subject kinds its bindings name.</summary>
public static class RbacGroup
{
    /// <summary>The API group.</summary>
    public const string Name = "rbac.authorization.k8s.io";

    /// <summary>The <c>apiVersion</c> of every kind here.</summary>
    public const string ApiVersion = "rbac.authorization.k8s.io/v1";

    /// <summary>Subject kind of a user name.</summary>
    public const string UserKind = "User";

    /// <summary>Subject kind of a group name.</summary>
    public const string GroupKind = "Group";

    /// <summary>Subject kind of a service account (core group, namespaced).</summary>
    public const string ServiceAccountKind = "ServiceAccount";

    /// <summary>The wildcard of verbs, API groups, resources and non-resource URLs.</summary>
    public const string All = "*";
}
