using System.Text.Json;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.Kubernetes.Json;

/// <summary>
/// rbac.authorization.k8s.io/v1 kinds in JSON, in the field order and with the omission rules of the Go structs:
/// <c>rules</c> and <c>verbs</c> have no <c>omitempty</c> (an empty list is written <c>null</c>, which is what
/// kube-apiserver serves once the object has been through protobuf storage), <c>roleRef</c> and its three fields and a
/// subject's <c>kind</c>/<c>name</c> are always written, everything else only when set.
/// </summary>
internal static class RbacJson
{
    /// <summary>Writes the fields after <c>metadata</c> of an RBAC object; anything else has no JSON form.</summary>
    public static void WriteFields(Utf8JsonWriter w, KubernetesResource resource)
    {
        switch (resource)
        {
            case Role role:
                WriteRules(w, role.Rules);
                break;
            case ClusterRole clusterRole:
                WriteRules(w, clusterRole.Rules);
                if (clusterRole.AggregationRule is { } aggregation)
                {
                    w.WriteStartObject("aggregationRule");
                    if (aggregation.ClusterRoleSelectors.Count > 0)
                    {
                        w.WriteStartArray("clusterRoleSelectors");
                        foreach (var selector in aggregation.ClusterRoleSelectors)
                        {
                            WriteLabelSelector(w, selector);
                        }

                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                }

                break;
            case RoleBinding binding:
                WriteBinding(w, binding.Subjects, binding.RoleRef);
                break;
            case ClusterRoleBinding binding:
                WriteBinding(w, binding.Subjects, binding.RoleRef);
                break;
            default:
                throw new KubernetesJsonException($"no JSON encoding for {resource.GetType().Name}");
        }
    }

    /// <summary>Reads an RBAC object or list of <paramref name="kind"/>.</summary>
    public static KubernetesObject Read(JsonReadContext c, JsonElement root, string kind) => kind switch
    {
        Role.KindName => ReadRole(c, root, ""),
        ClusterRole.KindName => ReadClusterRole(c, root, ""),
        RoleBinding.KindName => ReadRoleBinding(c, root, ""),
        ClusterRoleBinding.KindName => ReadClusterRoleBinding(c, root, ""),
        RoleList.KindName => CoreJson.ReadList<RoleList, Role>(c, root, ReadRole),
        ClusterRoleList.KindName => CoreJson.ReadList<ClusterRoleList, ClusterRole>(c, root, ReadClusterRole),
        RoleBindingList.KindName => CoreJson.ReadList<RoleBindingList, RoleBinding>(c, root, ReadRoleBinding),
        ClusterRoleBindingList.KindName => CoreJson.ReadList<ClusterRoleBindingList, ClusterRoleBinding>(c, root, ReadClusterRoleBinding),
        _ => throw new KubernetesJsonException($"unsupported object type apiVersion \"{RbacGroup.ApiVersion}\" kind \"{kind}\""),
    };

    public static Role ReadRole(JsonReadContext c, JsonElement e, string path)
    {
        var role = new Role();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "kind": role.Kind = c.String(p.Value, at); break;
                case "apiVersion": role.ApiVersion = c.String(p.Value, at); break;
                case "metadata": role.Metadata = MetaJson.ReadObjectMeta(c, p.Value, at); break;
                case "rules": role.Rules = c.List(p.Value, at, (i, ip) => ReadRule(c, i, ip)); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return role;
    }

    public static ClusterRole ReadClusterRole(JsonReadContext c, JsonElement e, string path)
    {
        var role = new ClusterRole();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "kind": role.Kind = c.String(p.Value, at); break;
                case "apiVersion": role.ApiVersion = c.String(p.Value, at); break;
                case "metadata": role.Metadata = MetaJson.ReadObjectMeta(c, p.Value, at); break;
                case "rules": role.Rules = c.List(p.Value, at, (i, ip) => ReadRule(c, i, ip)); break;
                case "aggregationRule":
                    role.AggregationRule = p.Value.ValueKind == JsonValueKind.Null ? null : ReadAggregationRule(c, p.Value, at);
                    break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return role;
    }

    public static RoleBinding ReadRoleBinding(JsonReadContext c, JsonElement e, string path)
    {
        var binding = new RoleBinding();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "kind": binding.Kind = c.String(p.Value, at); break;
                case "apiVersion": binding.ApiVersion = c.String(p.Value, at); break;
                case "metadata": binding.Metadata = MetaJson.ReadObjectMeta(c, p.Value, at); break;
                case "subjects": binding.Subjects = c.List(p.Value, at, (i, ip) => ReadSubject(c, i, ip)); break;
                case "roleRef": binding.RoleRef = ReadRoleRef(c, p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return binding;
    }

    public static ClusterRoleBinding ReadClusterRoleBinding(JsonReadContext c, JsonElement e, string path)
    {
        var binding = new ClusterRoleBinding();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "kind": binding.Kind = c.String(p.Value, at); break;
                case "apiVersion": binding.ApiVersion = c.String(p.Value, at); break;
                case "metadata": binding.Metadata = MetaJson.ReadObjectMeta(c, p.Value, at); break;
                case "subjects": binding.Subjects = c.List(p.Value, at, (i, ip) => ReadSubject(c, i, ip)); break;
                case "roleRef": binding.RoleRef = ReadRoleRef(c, p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return binding;
    }

    private static void WriteRules(Utf8JsonWriter w, List<PolicyRule> rules)
    {
        if (rules.Count == 0)
        {
            w.WriteNull("rules");
            return;
        }

        w.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            w.WriteStartObject();
            if (rule.Verbs.Count == 0)
            {
                w.WriteNull("verbs");
            }
            else
            {
                WriteStrings(w, "verbs", rule.Verbs);
            }

            WriteStrings(w, "apiGroups", rule.ApiGroups);
            WriteStrings(w, "resources", rule.Resources);
            WriteStrings(w, "resourceNames", rule.ResourceNames);
            WriteStrings(w, "nonResourceURLs", rule.NonResourceUrls);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteBinding(Utf8JsonWriter w, List<Subject> subjects, RoleRef roleRef)
    {
        if (subjects.Count > 0)
        {
            w.WriteStartArray("subjects");
            foreach (var subject in subjects)
            {
                w.WriteStartObject();
                w.WriteString("kind", subject.Kind);
                MetaJson.WriteOptional(w, "apiGroup", subject.ApiGroup);
                w.WriteString("name", subject.Name);
                MetaJson.WriteOptional(w, "namespace", subject.Namespace);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartObject("roleRef");
        w.WriteString("apiGroup", roleRef.ApiGroup);
        w.WriteString("kind", roleRef.Kind);
        w.WriteString("name", roleRef.Name);
        w.WriteEndObject();
    }

    private static void WriteLabelSelector(Utf8JsonWriter w, LabelSelector selector)
    {
        w.WriteStartObject();
        MetaJson.WriteStringMap(w, "matchLabels", selector.MatchLabels);
        if (selector.MatchExpressions.Count > 0)
        {
            w.WriteStartArray("matchExpressions");
            foreach (var requirement in selector.MatchExpressions)
            {
                w.WriteStartObject();
                w.WriteString("key", requirement.Key);
                w.WriteString("operator", requirement.Operator);
                MetaJson.WriteStringList(w, "values", requirement.Values);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static PolicyRule ReadRule(JsonReadContext c, JsonElement e, string path)
    {
        List<string> verbs = [], apiGroups = [], resources = [], resourceNames = [], urls = [];
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "verbs": verbs = c.StringList(p.Value, at); break;
                case "apiGroups": apiGroups = c.StringList(p.Value, at); break;
                case "resources": resources = c.StringList(p.Value, at); break;
                case "resourceNames": resourceNames = c.StringList(p.Value, at); break;
                case "nonResourceURLs": urls = c.StringList(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return new PolicyRule(verbs, apiGroups, resources, resourceNames, urls);
    }

    private static Subject ReadSubject(JsonReadContext c, JsonElement e, string path)
    {
        string kind = "", apiGroup = "", name = "", ns = "";
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "kind": kind = c.String(p.Value, at); break;
                case "apiGroup": apiGroup = c.String(p.Value, at); break;
                case "name": name = c.String(p.Value, at); break;
                case "namespace": ns = c.String(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return new Subject(kind, apiGroup, name, ns);
    }

    private static RoleRef ReadRoleRef(JsonReadContext c, JsonElement e, string path)
    {
        string apiGroup = "", kind = "", name = "";
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "apiGroup": apiGroup = c.String(p.Value, at); break;
                case "kind": kind = c.String(p.Value, at); break;
                case "name": name = c.String(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return new RoleRef(apiGroup, kind, name);
    }

    private static AggregationRule ReadAggregationRule(JsonReadContext c, JsonElement e, string path)
    {
        var rule = new AggregationRule();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            if (p.Name == "clusterRoleSelectors")
            {
                rule.ClusterRoleSelectors = c.List(p.Value, at, (i, ip) => ReadLabelSelector(c, i, ip));
            }
            else
            {
                c.Unknown(path, p.Name);
            }
        }

        return rule;
    }

    private static LabelSelector ReadLabelSelector(JsonReadContext c, JsonElement e, string path)
    {
        var selector = new LabelSelector();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "matchLabels": selector.MatchLabels = c.StringMap(p.Value, at); break;
                case "matchExpressions": selector.MatchExpressions = c.List(p.Value, at, (i, ip) => ReadRequirement(c, i, ip)); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return selector;
    }

    private static LabelSelectorRequirement ReadRequirement(JsonReadContext c, JsonElement e, string path)
    {
        var requirement = new LabelSelectorRequirement();
        foreach (var p in c.Properties(e, path))
        {
            var at = JsonReadContext.Join(path, p.Name);
            switch (p.Name)
            {
                case "key": requirement.Key = c.String(p.Value, at); break;
                case "operator": requirement.Operator = c.String(p.Value, at); break;
                case "values": requirement.Values = c.StringList(p.Value, at); break;
                default: c.Unknown(path, p.Name); break;
            }
        }

        return requirement;
    }
}
