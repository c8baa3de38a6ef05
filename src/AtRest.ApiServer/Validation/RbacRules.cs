using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Validation;

/// <summary>
/// kube's <c>pkg/apis/rbac/validation</c>: <c>ValidateRole</c>, <c>ValidateClusterRole</c>, <c>ValidateRoleBinding</c>,
/// <c>ValidateClusterRoleBinding</c> and their updates, with kube's field paths and texts. Names of roles and bindings
/// are path segments (kube's <c>ValidateRBACName</c>); a binding's <c>roleRef</c> may not change.
/// </summary>
internal static class RbacRules
{
    /// <summary>Validates a new RBAC object.</summary>
    public static List<FieldError> Validate(KubernetesResource resource) => resource switch
    {
        Role role => ValidateRole(role),
        ClusterRole role => ValidateClusterRole(role, allowInvalidLabelValues: false),
        RoleBinding binding => ValidateBinding(binding.Metadata, namespaced: true, binding.RoleRef, binding.Subjects),
        ClusterRoleBinding binding => ValidateBinding(binding.Metadata, namespaced: false, binding.RoleRef, binding.Subjects),
        _ => throw new ArgumentException($"{resource.GetType().Name} is not an RBAC kind", nameof(resource)),
    };

    /// <summary>Validates an update of an RBAC object against the stored <paramref name="old"/> one.</summary>
    public static List<FieldError> ValidateUpdate(KubernetesResource updated, KubernetesResource old)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(old);
        var errors = updated switch
        {
            // A selector stored before its label values were checked may keep them (kube's AllowInvalidLabelValueInSelector).
            ClusterRole role => ValidateClusterRole(role, allowInvalidLabelValues: old is ClusterRole before && HasInvalidLabelValue(before)),
            _ => Validate(updated),
        };
        errors.AddRange(ObjectMetaRules.ValidateUpdate(updated.Metadata, old.Metadata));
        var (newRef, oldRef) = (updated, old) switch
        {
            (RoleBinding u, RoleBinding o) => (u.RoleRef, o.RoleRef),
            (ClusterRoleBinding u, ClusterRoleBinding o) => (u.RoleRef, o.RoleRef),
            _ => (null, null),
        };
        if (newRef is not null && newRef != oldRef)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "roleRef", GoRoleRef(newRef), "cannot change roleRef", ValueIsGoSyntax: true));
        }

        return errors;
    }

    /// <summary>kube's <c>ValidatePolicyRule</c>: verbs always; URLs only in cluster roles and never with resources; else groups and resources.</summary>
    public static List<FieldError> ValidatePolicyRule(PolicyRule rule, bool namespaced, string path)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var errors = new List<FieldError>();
        if (rule.Verbs.Count == 0)
        {
            errors.Add(FieldError.Required($"{path}.verbs", "verbs must contain at least one value"));
        }

        if (rule.NonResourceUrls.Count > 0)
        {
            var urls = FieldError.GoStringSlice(rule.NonResourceUrls);
            if (namespaced)
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, $"{path}.nonResourceURLs", urls,
                    "namespaced rules cannot apply to non-resource URLs", ValueIsGoSyntax: true));
            }

            if (rule.ApiGroups.Count > 0 || rule.Resources.Count > 0 || rule.ResourceNames.Count > 0)
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, $"{path}.nonResourceURLs", urls,
                    "rules cannot apply to both regular resources and non-resource URLs", ValueIsGoSyntax: true));
            }

            return errors;
        }

        if (rule.ApiGroups.Count == 0)
        {
            errors.Add(FieldError.Required($"{path}.apiGroups", "resource rules must supply at least one api group"));
        }

        if (rule.Resources.Count == 0)
        {
            errors.Add(FieldError.Required($"{path}.resources", "resource rules must supply at least one resource"));
        }

        return errors;
    }

    /// <summary>kube's <c>ValidateRoleBindingSubject</c>.</summary>
    public static List<FieldError> ValidateSubject(Subject subject, bool namespaced, string path)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var errors = new List<FieldError>();
        if (subject.Name.Length == 0)
        {
            errors.Add(FieldError.Required($"{path}.name"));
        }

        switch (subject.Kind)
        {
            case RbacGroup.ServiceAccountKind:
                if (subject.Name.Length > 0)
                {
                    errors.AddRange(NameRules.IsDns1123Subdomain(subject.Name).Select(m => FieldError.Invalid($"{path}.name", subject.Name, m)));
                }

                if (subject.ApiGroup.Length > 0)
                {
                    errors.Add(FieldError.NotSupported($"{path}.apiGroup", FieldError.GoQuote(subject.ApiGroup), ""));
                }

                if (!namespaced && subject.Namespace.Length == 0)
                {
                    errors.Add(FieldError.Required($"{path}.namespace"));
                }

                break;
            case RbacGroup.UserKind or RbacGroup.GroupKind:
                if (subject.ApiGroup != RbacGroup.Name)
                {
                    errors.Add(FieldError.NotSupported($"{path}.apiGroup", FieldError.GoQuote(subject.ApiGroup), RbacGroup.Name));
                }

                break;
            default:
                errors.Add(FieldError.NotSupported($"{path}.kind", FieldError.GoQuote(subject.Kind),
                    RbacGroup.ServiceAccountKind, RbacGroup.UserKind, RbacGroup.GroupKind));
                break;
        }

        return errors;
    }

    private static List<FieldError> ValidateRole(Role role)
    {
        var errors = ObjectMetaRules.Validate(role.Metadata, namespaced: true, NameRules.IsValidPathSegmentName);
        for (var i = 0; i < role.Rules.Count; i++)
        {
            errors.AddRange(ValidatePolicyRule(role.Rules[i], namespaced: true, $"rules[{i}]"));
        }

        return errors;
    }

    private static List<FieldError> ValidateClusterRole(ClusterRole role, bool allowInvalidLabelValues)
    {
        var errors = ObjectMetaRules.Validate(role.Metadata, namespaced: false, NameRules.IsValidPathSegmentName);
        for (var i = 0; i < role.Rules.Count; i++)
        {
            errors.AddRange(ValidatePolicyRule(role.Rules[i], namespaced: false, $"rules[{i}]"));
        }

        if (role.AggregationRule is { } aggregation)
        {
            if (aggregation.ClusterRoleSelectors.Count == 0)
            {
                errors.Add(FieldError.Required("aggregationRule.clusterRoleSelectors",
                    "at least one clusterRoleSelector required if aggregationRule is non-nil"));
            }

            for (var i = 0; i < aggregation.ClusterRoleSelectors.Count; i++)
            {
                errors.AddRange(ValidateLabelSelector(aggregation.ClusterRoleSelectors[i], allowInvalidLabelValues,
                    $"aggregationRule.clusterRoleSelectors[{i}]"));
            }
        }

        return errors;
    }

    private static List<FieldError> ValidateBinding(ObjectMeta metadata, bool namespaced, RoleRef roleRef, List<Subject> subjects)
    {
        var errors = ObjectMetaRules.Validate(metadata, namespaced, NameRules.IsValidPathSegmentName);
        if (roleRef.ApiGroup != RbacGroup.Name)
        {
            errors.Add(FieldError.NotSupported("roleRef.apiGroup", FieldError.GoQuote(roleRef.ApiGroup), RbacGroup.Name));
        }

        string[] kinds = namespaced ? [Role.KindName, ClusterRole.KindName] : [ClusterRole.KindName];
        if (!kinds.Contains(roleRef.Kind, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported("roleRef.kind", FieldError.GoQuote(roleRef.Kind), kinds));
        }

        if (roleRef.Name.Length == 0)
        {
            errors.Add(FieldError.Required("roleRef.name"));
        }
        else
        {
            errors.AddRange(NameRules.IsValidPathSegmentName(roleRef.Name).Select(m => FieldError.Invalid("roleRef.name", roleRef.Name, m)));
        }

        for (var i = 0; i < subjects.Count; i++)
        {
            errors.AddRange(ValidateSubject(subjects[i], namespaced, $"subjects[{i}]"));
        }

        return errors;
    }

    // metav1validation.ValidateLabelSelector (labels as labels; each expression's operator, values and key), then
    // kube's conversion to a selector, which fails on any of those problems, invalid values included, and is
    // reported as "null" (the nil selector it returns).
    private static List<FieldError> ValidateLabelSelector(LabelSelector selector, bool allowInvalidLabelValues, string path)
    {
        var errors = new List<FieldError>();
        var unconvertible = false;
        foreach (var key in selector.MatchLabels.Keys.Order(StringComparer.Ordinal))
        {
            var value = selector.MatchLabels[key];
            var found = errors.Count;
            errors.AddRange(LabelRules.IsQualifiedName(key).Select(m => FieldError.Invalid($"{path}.matchLabels", key, m)));
            errors.AddRange(LabelRules.IsValidLabelValue(value).Select(m => FieldError.Invalid($"{path}.matchLabels", value, m)));
            unconvertible |= errors.Count > found;
        }

        for (var i = 0; i < selector.MatchExpressions.Count; i++)
        {
            var requirement = selector.MatchExpressions[i];
            var at = $"{path}.matchExpressions[{i}]";
            var found = errors.Count;
            switch (requirement.Operator)
            {
                case "In" or "NotIn" when requirement.Values.Count == 0:
                    errors.Add(FieldError.Required($"{at}.values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    break;
                case "Exists" or "DoesNotExist" when requirement.Values.Count > 0:
                    errors.Add(FieldError.Forbidden($"{at}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                default:
                    errors.Add(FieldError.Invalid($"{at}.operator", requirement.Operator, "not a valid selector operator"));
                    break;
            }

            errors.AddRange(LabelRules.IsQualifiedName(requirement.Key).Select(m => FieldError.Invalid($"{at}.key", requirement.Key, m)));
            unconvertible |= errors.Count > found || requirement.Values.Any(value => LabelRules.IsValidLabelValue(value).Count > 0);
            if (!allowInvalidLabelValues)
            {
                for (var v = 0; v < requirement.Values.Count; v++)
                {
                    errors.AddRange(LabelRules.IsValidLabelValue(requirement.Values[v]).Select(m => FieldError.Invalid($"{at}.values[{v}]", requirement.Values[v], m)));
                }
            }
        }

        if (unconvertible)
        {
            errors.Add(FieldError.Invalid(path, "null", "invalid label selector."));
        }

        return errors;
    }

    private static bool HasInvalidLabelValue(ClusterRole role) =>
        role.AggregationRule?.ClusterRoleSelectors.Any(selector => selector.MatchExpressions.Any(requirement =>
            requirement.Values.Any(value => LabelRules.IsValidLabelValue(value).Count > 0))) ?? false;

    // Go's %#v of the internal rbac.RoleRef, which field.Invalid prints for a struct value.
    private static string GoRoleRef(RoleRef roleRef) =>
        $"rbac.RoleRef{{APIGroup:{FieldError.GoQuote(roleRef.ApiGroup)}, Kind:{FieldError.GoQuote(roleRef.Kind)}, Name:{FieldError.GoQuote(roleRef.Name)}}}";
}
