using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Resources.Schemas;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>authorization.k8s.io/v1 <c>selfsubjectrulesreviews</c> (<c>kubectl auth can-i --list</c>): created and answered, never stored.</summary>
internal static class SelfSubjectRulesReviewKind
{
    private static readonly SchemaDefinition SelfSubjectRulesReviewDefinition = new(
        "io.k8s.api.authorization.v1.SelfSubjectRulesReview",
        Schema.Object(
            "SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace. The returned list of actions may be incomplete depending on the server's authorization mode, and any errors experienced during the evaluation. SelfSubjectRulesReview should be used by UIs to show/hide actions, or to quickly let an end user reason about their permissions. It should NOT Be used by external systems to drive authorization decisions as this raises confused deputy, cache lifetime/revocation, and correctness concerns. SubjectAccessReview, and LocalAccessReview are the correct way to defer authorization decisions to the API server.",
            SharedSchemas.ApiVersion,
            SharedSchemas.Kind,
            SharedSchemas.Metadata,
            new("spec", Schema.Ref("io.k8s.api.authorization.v1.SelfSubjectRulesReviewSpec", "Spec holds information about the request being evaluated.")),
            new("status", Schema.Ref("io.k8s.api.authorization.v1.SubjectRulesReviewStatus", "Status is filled in by the server and indicates the set of actions a user can perform."))) with { Required = ["spec"] });

    private static readonly SchemaDefinition SelfSubjectRulesReviewSpecDefinition = new(
        "io.k8s.api.authorization.v1.SelfSubjectRulesReviewSpec",
        Schema.Object(
            "",
            new SchemaProperty("namespace", Schema.String("Namespace to evaluate rules for. Required."))));

    private static readonly SchemaDefinition SubjectRulesReviewStatusDefinition = new(
        "io.k8s.api.authorization.v1.SubjectRulesReviewStatus",
        Schema.Object(
            "SubjectRulesReviewStatus contains the result of a rules check. This check can be incomplete depending on the set of authorizers the server is configured with and any errors experienced during evaluation. Because authorization rules are additive, if a rule appears in a list it's safe to assume the subject has that permission, even if that list is incomplete.",
            new("evaluationError", Schema.String("EvaluationError can appear in combination with Rules. It indicates an error occurred during rule evaluation, such as an authorizer that doesn't support rule evaluation, and that ResourceRules and/or NonResourceRules may be incomplete.")),
            new("incomplete", Schema.Boolean("Incomplete is true when the rules returned by this call are incomplete. This is most commonly encountered when an authorizer, such as an external authorizer, doesn't support rules evaluation.")),
            new("nonResourceRules", Schema.ArrayOf(Schema.Ref("io.k8s.api.authorization.v1.NonResourceRule", ""), "NonResourceRules is the list of actions the subject is allowed to perform on non-resources. The list ordering isn't significant, may contain duplicates, and possibly be incomplete.")),
            new("resourceRules", Schema.ArrayOf(Schema.Ref("io.k8s.api.authorization.v1.ResourceRule", ""), "ResourceRules is the list of actions the subject is allowed to perform on resources. The list ordering isn't significant, may contain duplicates, and possibly be incomplete."))) with { Required = ["resourceRules", "nonResourceRules", "incomplete"] });

    private static readonly SchemaDefinition ResourceRuleDefinition = new(
        "io.k8s.api.authorization.v1.ResourceRule",
        Schema.Object(
            "ResourceRule is the list of actions the subject is allowed to perform on resources. The list ordering isn't significant, may contain duplicates, and possibly be incomplete.",
            new("apiGroups", Schema.StringArray("APIGroups is the name of the APIGroup that contains the resources.  If multiple API groups are specified, any action requested against one of the enumerated resources in any API group will be allowed.  \"*\" means all.")),
            new("resourceNames", Schema.StringArray("ResourceNames is an optional white list of names that the rule applies to.  An empty set means that everything is allowed.  \"*\" means all.")),
            new("resources", Schema.StringArray("Resources is a list of resources this rule applies to.  \"*\" means all in the specified apiGroups.\n \"*/foo\" represents the subresource 'foo' for all resources in the specified apiGroups.")),
            new("verbs", Schema.StringArray("Verb is a list of kubernetes resource API verbs, like: get, list, watch, create, update, delete, proxy.  \"*\" means all."))) with { Required = ["verbs"] });

    private static readonly SchemaDefinition NonResourceRuleDefinition = new(
        "io.k8s.api.authorization.v1.NonResourceRule",
        Schema.Object(
            "NonResourceRule holds information that describes a rule for the non-resource",
            new("nonResourceURLs", Schema.StringArray("NonResourceURLs is a set of partial urls that a user should have access to.  *s are allowed, but only as the full, final step in the path.  \"*\" means all.")),
            new("verbs", Schema.StringArray("Verb is a list of kubernetes non-resource API verbs, like: get, post, put, delete, patch, head, options.  \"*\" means all."))) with { Required = ["verbs"] });

    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = "authorization.k8s.io",
        Version = "v1",
        Kind = "SelfSubjectRulesReview",
        Resource = "selfsubjectrulesreviews",
        SingularName = "selfsubjectrulesreview",
        Namespaced = false,
        Verbs = KindVerbs.CreateOnly,
        Schema = new(SelfSubjectRulesReviewDefinition,
            [SelfSubjectRulesReviewSpecDefinition, SubjectRulesReviewStatusDefinition, ResourceRuleDefinition, NonResourceRuleDefinition]),
        Create = SelfSubjectRulesReviewHandler.HandleAsync,
    };
}
