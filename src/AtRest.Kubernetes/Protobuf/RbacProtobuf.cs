using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.Kubernetes.Protobuf;

/// <summary>
/// rbac.authorization.k8s.io/v1 messages (field numbers from <c>k8s.io/api/rbac/v1/generated.proto</c>) and their
/// lists. Go's generated marshaller writes every non-pointer string, even empty, and each repeated element in order:
/// <code>
/// Role / ClusterRole          1 metadata, 2 rules (repeated), 3 aggregationRule (ClusterRole; pointer: only when set)
/// RoleBinding / CRB           1 metadata, 2 subjects (repeated), 3 roleRef (struct: always)
/// PolicyRule                  1 verbs, 2 apiGroups, 3 resources, 4 resourceNames, 5 nonResourceURLs (all repeated)
/// Subject                     1 kind, 2 apiGroup, 3 name, 4 namespace (always)
/// RoleRef                     1 apiGroup, 2 kind, 3 name (always)
/// AggregationRule             1 clusterRoleSelectors (repeated LabelSelector)
/// LabelSelector               1 matchLabels (map), 2 matchExpressions {1 key, 2 operator, 3 values}
/// </code>
/// </summary>
internal static class RbacProtobuf
{
    /// <summary>Writes an RBAC object's own message; anything else has no protobuf form.</summary>
    public static void WriteResource(ProtoWriter w, KubernetesResource resource)
    {
        WriteMetadata(w, resource.Metadata);
        switch (resource)
        {
            case Role role:
                WriteRules(w, role.Rules);
                break;
            case ClusterRole clusterRole:
                WriteRules(w, clusterRole.Rules);
                if (clusterRole.AggregationRule is { } aggregation)
                {
                    var mark = w.BeginMessage(3);
                    foreach (var selector in aggregation.ClusterRoleSelectors)
                    {
                        WriteLabelSelector(w, 1, selector);
                    }

                    w.EndMessage(mark);
                }

                break;
            case RoleBinding binding:
                WriteBinding(w, binding.Subjects, binding.RoleRef);
                break;
            case ClusterRoleBinding binding:
                WriteBinding(w, binding.Subjects, binding.RoleRef);
                break;
            default:
                throw new KubernetesProtobufException($"no protobuf encoding for {resource.GetType().Name}");
        }
    }

    /// <summary>Reads an RBAC object or list of <paramref name="kind"/>.</summary>
    public static KubernetesObject Read(ProtoReader r, string kind) => kind switch
    {
        Role.KindName => ReadRole(r),
        ClusterRole.KindName => ReadClusterRole(r),
        RoleBinding.KindName => ReadRoleBinding(r),
        ClusterRoleBinding.KindName => ReadClusterRoleBinding(r),
        RoleList.KindName => CoreProtobuf.ReadList<RoleList, Role>(r, ReadRole),
        ClusterRoleList.KindName => CoreProtobuf.ReadList<ClusterRoleList, ClusterRole>(r, ReadClusterRole),
        RoleBindingList.KindName => CoreProtobuf.ReadList<RoleBindingList, RoleBinding>(r, ReadRoleBinding),
        ClusterRoleBindingList.KindName => CoreProtobuf.ReadList<ClusterRoleBindingList, ClusterRoleBinding>(r, ReadClusterRoleBinding),
        _ => throw new KubernetesProtobufException($"unsupported object type apiVersion \"{RbacGroup.ApiVersion}\" kind \"{kind}\""),
    };

    public static Role ReadRole(ProtoReader r)
    {
        var role = new Role();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: role.Metadata = MetaProtobuf.ReadObjectMeta(r.ReadMessage("Role.metadata")); break;
                case 2: role.Rules.Add(ReadRule(r.ReadMessage("Role.rules"))); break;
                default: r.Skip(); break;
            }
        }

        return role;
    }

    public static ClusterRole ReadClusterRole(ProtoReader r)
    {
        var role = new ClusterRole();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: role.Metadata = MetaProtobuf.ReadObjectMeta(r.ReadMessage("ClusterRole.metadata")); break;
                case 2: role.Rules.Add(ReadRule(r.ReadMessage("ClusterRole.rules"))); break;
                case 3: role.AggregationRule = ReadAggregationRule(r.ReadMessage("ClusterRole.aggregationRule")); break;
                default: r.Skip(); break;
            }
        }

        return role;
    }

    public static RoleBinding ReadRoleBinding(ProtoReader r)
    {
        var binding = new RoleBinding();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: binding.Metadata = MetaProtobuf.ReadObjectMeta(r.ReadMessage("RoleBinding.metadata")); break;
                case 2: binding.Subjects.Add(ReadSubject(r.ReadMessage("RoleBinding.subjects"))); break;
                case 3: binding.RoleRef = ReadRoleRef(r.ReadMessage("RoleBinding.roleRef")); break;
                default: r.Skip(); break;
            }
        }

        return binding;
    }

    public static ClusterRoleBinding ReadClusterRoleBinding(ProtoReader r)
    {
        var binding = new ClusterRoleBinding();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: binding.Metadata = MetaProtobuf.ReadObjectMeta(r.ReadMessage("ClusterRoleBinding.metadata")); break;
                case 2: binding.Subjects.Add(ReadSubject(r.ReadMessage("ClusterRoleBinding.subjects"))); break;
                case 3: binding.RoleRef = ReadRoleRef(r.ReadMessage("ClusterRoleBinding.roleRef")); break;
                default: r.Skip(); break;
            }
        }

        return binding;
    }

    private static void WriteMetadata(ProtoWriter w, ObjectMeta metadata)
    {
        var mark = w.BeginMessage(1);
        MetaProtobuf.WriteObjectMeta(w, metadata);
        w.EndMessage(mark);
    }

    private static void WriteRules(ProtoWriter w, List<PolicyRule> rules)
    {
        foreach (var rule in rules)
        {
            var mark = w.BeginMessage(2);
            WriteStrings(w, 1, rule.Verbs);
            WriteStrings(w, 2, rule.ApiGroups);
            WriteStrings(w, 3, rule.Resources);
            WriteStrings(w, 4, rule.ResourceNames);
            WriteStrings(w, 5, rule.NonResourceUrls);
            w.EndMessage(mark);
        }
    }

    private static void WriteBinding(ProtoWriter w, List<Subject> subjects, RoleRef roleRef)
    {
        foreach (var subject in subjects)
        {
            var mark = w.BeginMessage(2);
            w.WriteString(1, subject.Kind);
            w.WriteString(2, subject.ApiGroup);
            w.WriteString(3, subject.Name);
            w.WriteString(4, subject.Namespace);
            w.EndMessage(mark);
        }

        var roleRefMark = w.BeginMessage(3);
        w.WriteString(1, roleRef.ApiGroup);
        w.WriteString(2, roleRef.Kind);
        w.WriteString(3, roleRef.Name);
        w.EndMessage(roleRefMark);
    }

    private static void WriteLabelSelector(ProtoWriter w, int field, LabelSelector selector)
    {
        var mark = w.BeginMessage(field);
        w.WriteStringMap(1, selector.MatchLabels);
        foreach (var requirement in selector.MatchExpressions)
        {
            var expression = w.BeginMessage(2);
            w.WriteString(1, requirement.Key);
            w.WriteString(2, requirement.Operator);
            WriteStrings(w, 3, requirement.Values);
            w.EndMessage(expression);
        }

        w.EndMessage(mark);
    }

    private static void WriteStrings(ProtoWriter w, int field, IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            w.WriteString(field, value);
        }
    }

    private static PolicyRule ReadRule(ProtoReader r)
    {
        List<string> verbs = [], apiGroups = [], resources = [], resourceNames = [], urls = [];
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: verbs.Add(r.ReadString("PolicyRule.verbs")); break;
                case 2: apiGroups.Add(r.ReadString("PolicyRule.apiGroups")); break;
                case 3: resources.Add(r.ReadString("PolicyRule.resources")); break;
                case 4: resourceNames.Add(r.ReadString("PolicyRule.resourceNames")); break;
                case 5: urls.Add(r.ReadString("PolicyRule.nonResourceURLs")); break;
                default: r.Skip(); break;
            }
        }

        return new PolicyRule(verbs, apiGroups, resources, resourceNames, urls);
    }

    private static Subject ReadSubject(ProtoReader r)
    {
        string kind = "", apiGroup = "", name = "", ns = "";
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: kind = r.ReadString("Subject.kind"); break;
                case 2: apiGroup = r.ReadString("Subject.apiGroup"); break;
                case 3: name = r.ReadString("Subject.name"); break;
                case 4: ns = r.ReadString("Subject.namespace"); break;
                default: r.Skip(); break;
            }
        }

        return new Subject(kind, apiGroup, name, ns);
    }

    private static RoleRef ReadRoleRef(ProtoReader r)
    {
        string apiGroup = "", kind = "", name = "";
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: apiGroup = r.ReadString("RoleRef.apiGroup"); break;
                case 2: kind = r.ReadString("RoleRef.kind"); break;
                case 3: name = r.ReadString("RoleRef.name"); break;
                default: r.Skip(); break;
            }
        }

        return new RoleRef(apiGroup, kind, name);
    }

    private static AggregationRule ReadAggregationRule(ProtoReader r)
    {
        var rule = new AggregationRule();
        while (r.TryReadTag())
        {
            if (r.Field == 1)
            {
                rule.ClusterRoleSelectors.Add(ReadLabelSelector(r.ReadMessage("AggregationRule.clusterRoleSelectors")));
            }
            else
            {
                r.Skip();
            }
        }

        return rule;
    }

    private static LabelSelector ReadLabelSelector(ProtoReader r)
    {
        var selector = new LabelSelector();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: ProtoFields.ReadStringMapEntry(ref r, "LabelSelector.matchLabels", selector.MatchLabels); break;
                case 2: selector.MatchExpressions.Add(ReadRequirement(r.ReadMessage("LabelSelector.matchExpressions"))); break;
                default: r.Skip(); break;
            }
        }

        return selector;
    }

    private static LabelSelectorRequirement ReadRequirement(ProtoReader r)
    {
        var requirement = new LabelSelectorRequirement();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: requirement.Key = r.ReadString("matchExpressions.key"); break;
                case 2: requirement.Operator = r.ReadString("matchExpressions.operator"); break;
                case 3: requirement.Values.Add(r.ReadString("matchExpressions.values")); break;
                default: r.Skip(); break;
            }
        }

        return requirement;
    }
}
