namespace AtRest.ApiServer.Resources.Schemas;

/// <summary>
/// The OpenAPI definitions the four <c>rbac.authorization.k8s.io/v1</c> kinds share (rules, role references,
/// subjects, the aggregation rule and its label selectors), with kube's descriptions.
/// </summary>
internal static class RbacSchemas
{
    private const string LabelSelectorName = "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector";
    private const string LabelSelectorRequirementName = "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement";

    /// <summary><c>io.k8s.api.rbac.v1.PolicyRule</c>.</summary>
    public static readonly SchemaDefinition PolicyRule = new(
        "io.k8s.api.rbac.v1.PolicyRule",
        Schema.Object(
            "PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.",
            new("apiGroups", Schema.StringArray("APIGroups is the name of the APIGroup that contains the resources.  If multiple API groups are specified, any action requested against one of the enumerated resources in any API group will be allowed.")),
            new("nonResourceURLs", Schema.StringArray("NonResourceURLs is a set of partial urls that a user should have access to.  *s are allowed, but only as the full, final step in the path Since non-resource URLs are not namespaced, this field is only applicable for ClusterRoles referenced from a ClusterRoleBinding. Rules can either apply to API resources (such as \"pods\" or \"secrets\") or non-resource URL paths (such as \"/api\"),  but not both.")),
            new("resourceNames", Schema.StringArray("ResourceNames is an optional white list of names that the rule applies to.  An empty set means that everything is allowed.")),
            new("resources", Schema.StringArray("Resources is a list of resources this rule applies to. '*' represents all resources.")),
            new("verbs", Schema.StringArray("Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. '*' represents all verbs."))) with { Required = ["verbs"] });

    /// <summary><c>io.k8s.api.rbac.v1.RoleRef</c>.</summary>
    public static readonly SchemaDefinition RoleRef = new(
        "io.k8s.api.rbac.v1.RoleRef",
        Schema.Object(
            "RoleRef contains information that points to the role being used",
            new("apiGroup", Schema.String("APIGroup is the group for the resource being referenced")),
            new("kind", Schema.String("Kind is the type of resource being referenced")),
            new("name", Schema.String("Name is the name of resource being referenced"))) with { Required = ["apiGroup", "kind", "name"], MapType = "atomic" });

    /// <summary><c>io.k8s.api.rbac.v1.Subject</c>.</summary>
    public static readonly SchemaDefinition Subject = new(
        "io.k8s.api.rbac.v1.Subject",
        Schema.Object(
            "Subject contains a reference to the object or user identities a role binding applies to.  This can either hold a direct API object reference, or a value for non-objects such as user and group names.",
            new("apiGroup", Schema.String("APIGroup holds the API group of the referenced subject. Defaults to \"\" for ServiceAccount subjects. Defaults to \"rbac.authorization.k8s.io\" for User and Group subjects.")),
            new("kind", Schema.String("Kind of object being referenced. Values defined by this API group are \"User\", \"Group\", and \"ServiceAccount\". If the Authorizer does not recognized the kind value, the Authorizer should report an error.")),
            new("name", Schema.String("Name of the object being referenced.")),
            new("namespace", Schema.String("Namespace of the referenced object.  If the object kind is non-namespace, such as \"User\" or \"Group\", and this value is not empty the Authorizer should report an error."))) with { Required = ["kind", "name"], MapType = "atomic" });

    /// <summary><c>io.k8s.api.rbac.v1.AggregationRule</c>.</summary>
    public static readonly SchemaDefinition AggregationRule = new(
        "io.k8s.api.rbac.v1.AggregationRule",
        Schema.Object(
            "AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole",
            new SchemaProperty("clusterRoleSelectors", Schema.ArrayOf(Schema.Ref(LabelSelectorName, ""), "ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules. If any of the selectors match, then the ClusterRole's permissions will be added"))));

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector</c>.</summary>
    public static readonly SchemaDefinition LabelSelector = new(
        LabelSelectorName,
        Schema.Object(
            "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.",
            new("matchExpressions", Schema.ArrayOf(Schema.Ref(LabelSelectorRequirementName, ""), "matchExpressions is a list of label selector requirements. The requirements are ANDed.")),
            new("matchLabels", Schema.StringMap("matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is \"key\", the operator is \"In\", and the values array contains only \"value\". The requirements are ANDed."))) with { MapType = "atomic" });

    /// <summary><c>io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement</c>.</summary>
    public static readonly SchemaDefinition LabelSelectorRequirement = new(
        LabelSelectorRequirementName,
        Schema.Object(
            "A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
            new("key", Schema.String("key is the label key that the selector applies to.")),
            new("operator", Schema.String("operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.")),
            new("values", Schema.StringArray("values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch."))) with { Required = ["key", "operator"] });

    /// <summary>The <c>rules</c> field of a Role or ClusterRole.</summary>
    public static SchemaProperty Rules(string owner) =>
        new("rules", Schema.ArrayOf(Schema.Ref(PolicyRule.Name, ""), $"Rules holds all the PolicyRules for this {owner}"));

    /// <summary>The <c>subjects</c> field of a binding.</summary>
    public static readonly SchemaProperty Subjects =
        new("subjects", Schema.ArrayOf(Schema.Ref(Subject.Name, ""), "Subjects holds references to the objects the role applies to."));

    /// <summary>A binding's <c>roleRef</c> field.</summary>
    public static SchemaProperty RoleRefField(string description) => new("roleRef", Schema.Ref(RoleRef.Name, description));
}
