using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Resources.Schemas;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>authorization.k8s.io/v1 <c>selfsubjectaccessreviews</c> (<c>kubectl auth can-i</c>): created and answered, never stored.</summary>
internal static class SelfSubjectAccessReviewKind
{
    private static readonly SchemaDefinition SelfSubjectAccessReviewDefinition = new(
        "io.k8s.api.authorization.v1.SelfSubjectAccessReview",
        Schema.Object(
            "SelfSubjectAccessReview checks whether or the current user can perform an action.  Not filling in a spec.namespace means \"in all namespaces\".  Self is a special case, because users should always be able to check whether they can perform an action",
            SharedSchemas.ApiVersion,
            SharedSchemas.Kind,
            SharedSchemas.Metadata,
            new("spec", Schema.Ref("io.k8s.api.authorization.v1.SelfSubjectAccessReviewSpec", "Spec holds information about the request being evaluated.  user and groups must be empty")),
            new("status", Schema.Ref("io.k8s.api.authorization.v1.SubjectAccessReviewStatus", "Status is filled in by the server and indicates whether the request is allowed or not"))) with { Required = ["spec"] });

    private static readonly SchemaDefinition SelfSubjectAccessReviewSpecDefinition = new(
        "io.k8s.api.authorization.v1.SelfSubjectAccessReviewSpec",
        Schema.Object(
            "SelfSubjectAccessReviewSpec is a description of the access request.  Exactly one of ResourceAuthorizationAttributes and NonResourceAuthorizationAttributes must be set",
            new("nonResourceAttributes", Schema.Ref("io.k8s.api.authorization.v1.NonResourceAttributes", "NonResourceAttributes describes information for a non-resource access request")),
            new("resourceAttributes", Schema.Ref("io.k8s.api.authorization.v1.ResourceAttributes", "ResourceAuthorizationAttributes describes information for a resource access request"))));

    private static readonly SchemaDefinition ResourceAttributesDefinition = new(
        "io.k8s.api.authorization.v1.ResourceAttributes",
        Schema.Object(
            "ResourceAttributes includes the authorization attributes available for resource requests to the Authorizer interface",
            new("group", Schema.String("Group is the API Group of the Resource.  \"*\" means all.")),
            new("name", Schema.String("Name is the name of the resource being requested for a \"get\" or deleted for a \"delete\". \"\" (empty) means all.")),
            new("namespace", Schema.String("Namespace is the namespace of the action being requested.  Currently, there is no distinction between no namespace and all namespaces \"\" (empty) is defaulted for LocalSubjectAccessReviews \"\" (empty) is empty for cluster-scoped resources \"\" (empty) means \"all\" for namespace scoped resources from a SubjectAccessReview or SelfSubjectAccessReview")),
            new("resource", Schema.String("Resource is one of the existing resource types.  \"*\" means all.")),
            new("subresource", Schema.String("Subresource is one of the existing resource types.  \"\" means none.")),
            new("verb", Schema.String("Verb is a kubernetes resource API verb, like: get, list, watch, create, update, delete, proxy.  \"*\" means all.")),
            new("version", Schema.String("Version is the API Version of the Resource.  \"*\" means all."))));

    private static readonly SchemaDefinition NonResourceAttributesDefinition = new(
        "io.k8s.api.authorization.v1.NonResourceAttributes",
        Schema.Object(
            "NonResourceAttributes includes the authorization attributes available for non-resource requests to the Authorizer interface",
            new("path", Schema.String("Path is the URL path of the request")),
            new("verb", Schema.String("Verb is the standard HTTP verb"))));

    private static readonly SchemaDefinition SubjectAccessReviewStatusDefinition = new(
        "io.k8s.api.authorization.v1.SubjectAccessReviewStatus",
        Schema.Object(
            "SubjectAccessReviewStatus",
            new("allowed", Schema.Boolean("Allowed is required. True if the action would be allowed, false otherwise.")),
            new("denied", Schema.Boolean("Denied is optional. True if the action would be denied, otherwise false. If both allowed is false and denied is false, then the authorizer has no opinion on whether to authorize the action. Denied may not be true if Allowed is true.")),
            new("evaluationError", Schema.String("EvaluationError is an indication that some error occurred during the authorization check. It is entirely possible to get an error and be able to continue determine authorization status in spite of it. For instance, RBAC can be missing a role, but enough roles are still present and bound to reason about the request.")),
            new("reason", Schema.String("Reason is optional.  It indicates why a request was allowed or denied."))) with { Required = ["allowed"] });

    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = "authorization.k8s.io",
        Version = "v1",
        Kind = "SelfSubjectAccessReview",
        Resource = "selfsubjectaccessreviews",
        SingularName = "selfsubjectaccessreview",
        Namespaced = false,
        Verbs = KindVerbs.CreateOnly,
        Schema = new(SelfSubjectAccessReviewDefinition,
            [SelfSubjectAccessReviewSpecDefinition, ResourceAttributesDefinition, NonResourceAttributesDefinition, SubjectAccessReviewStatusDefinition]),
        Create = SelfSubjectAccessReviewHandler.HandleAsync,
    };
}
