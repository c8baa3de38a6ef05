using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Resources.Schemas;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>
/// authentication.k8s.io <c>selfsubjectreviews</c> (<c>kubectl auth whoami</c>): created and answered, never stored.
/// v1beta1 is served too, for kubectl 1.27, whose <c>auth whoami</c> tries v1beta1 then v1alpha1 (1.28+ try v1 first).
/// </summary>
internal static class SelfSubjectReviewKind
{
    private const string ReviewDescription =
        "SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request. When using impersonation, users will receive the user info of the user being impersonated.  If impersonation or request header authentication is used, any extra keys will have their case ignored and returned as lowercase.";

    private const string StatusDescription = "SelfSubjectReviewStatus is filled by the kube-apiserver and sent back to a user.";

    private static readonly SchemaDefinition UserInfoDefinition = new(
        "io.k8s.api.authentication.v1.UserInfo",
        Schema.Object(
            "UserInfo holds the information about the user needed to implement the user.Info interface.",
            new("extra", Schema.MapOf(Schema.StringArray(""), "Any additional information provided by the authenticator.")),
            new("groups", Schema.StringArray("The names of groups this user is a part of.")),
            new("uid", Schema.String("A unique value that identifies this user across time. If this user is deleted and another user by the same name is added, they will have different UIDs.")),
            new("username", Schema.String("The name that uniquely identifies this user among all active users."))));

    /// <summary>authentication.k8s.io/v1.</summary>
    public static readonly KindRegistration V1 = Registration("v1");

    /// <summary>authentication.k8s.io/v1beta1.</summary>
    public static readonly KindRegistration V1Beta1 = Registration("v1beta1");

    private static KindRegistration Registration(string version)
    {
        var name = $"io.k8s.api.authentication.{version}.SelfSubjectReview";
        var review = new SchemaDefinition(name, Schema.Object(
            ReviewDescription,
            SharedSchemas.ApiVersion,
            SharedSchemas.Kind,
            SharedSchemas.Metadata,
            new("status", Schema.Ref(name + "Status", "Status is filled in by the server with the user attributes."))));
        var status = new SchemaDefinition(name + "Status", Schema.Object(
            StatusDescription,
            new SchemaProperty("userInfo", Schema.Ref(UserInfoDefinition.Name, "User attributes of the user making this request."))));
        return new()
        {
            Group = "authentication.k8s.io",
            Version = version,
            Kind = "SelfSubjectReview",
            Resource = "selfsubjectreviews",
            SingularName = "selfsubjectreview",
            Namespaced = false,
            Verbs = KindVerbs.CreateOnly,
            Schema = new(review, [status, UserInfoDefinition]),
            Create = SelfSubjectReviewHandler.HandleAsync,
        };
    }
}
