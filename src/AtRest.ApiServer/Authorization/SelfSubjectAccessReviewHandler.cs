using System.Text.Json;
using AtRest.ApiServer.Discovery;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// <c>POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews</c> (<c>kubectl auth can-i VERB RESOURCE</c>): asks
/// the <see cref="IAuthorizer"/> about the caller and echoes the spec with kube's status (allowed, denied, reason).
/// </summary>
internal static class SelfSubjectAccessReviewHandler
{
    private static readonly string[] ResourceFields = ["namespace", "verb", "group", "version", "resource", "subresource", "name"];
    private static readonly string[] NonResourceFields = ["path", "verb"];

    /// <summary>Answers one review.</summary>
    public static async Task HandleAsync(HttpContext http, GroupResource resource)
    {
        using var review = await ReviewBody.ReadAsync(http, resource).ConfigureAwait(false);
        var spec = ReviewBody.ObjectOf(review.RootElement, "spec") ?? default;
        var resourceAttributes = ReviewBody.ObjectOf(spec, "resourceAttributes");
        var nonResourceAttributes = ReviewBody.ObjectOf(spec, "nonResourceAttributes");
        Validate(resource, resourceAttributes, nonResourceAttributes);
        var user = ReviewResponse.UserOf(http);

        var attributes = resourceAttributes is { } r
            ? new RequestInfo(true, S(r, "verb"), S(r, "group"), S(r, "version"), S(r, "resource"), S(r, "subresource"), S(r, "namespace"), S(r, "name"), "")
            : new RequestInfo(false, S(nonResourceAttributes!.Value, "verb"), "", "", "", "", "", "", S(nonResourceAttributes.Value, "path"));
        var decision = http.RequestServices.GetRequiredService<IAuthorizer>().Authorize(user, attributes);

        await ReviewResponse.WriteAsync(http, resource, json =>
        {
            json.WriteStartObject("metadata");
            json.WriteNull("creationTimestamp");
            json.WriteEndObject();
            json.WriteStartObject("spec");
            WriteAttributes(json, "resourceAttributes", resourceAttributes, ResourceFields);
            WriteAttributes(json, "nonResourceAttributes", nonResourceAttributes, NonResourceFields);
            json.WriteEndObject();
            json.WriteStartObject("status");
            json.WriteBoolean("allowed", decision.Allowed);
            if (decision.Denied)
            {
                json.WriteBoolean("denied", true);
            }

            ReviewResponse.WriteIfSet(json, "reason", decision.Reason);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    // kube's ValidateSelfSubjectAccessReviewSpec: exactly one of the two attribute sets. The value is printed as
    // apimachinery prints a *NonResourceAttributes: "null" when nil, else Go's %#v of the internal struct.
    private static void Validate(GroupResource resource, JsonElement? resourceAttributes, JsonElement? nonResourceAttributes)
    {
        FieldError? error = (resourceAttributes, nonResourceAttributes) switch
        {
            (not null, { } n) => new FieldError(FieldErrorType.Invalid, "spec.nonResourceAttributes",
                $"authorization.NonResourceAttributes{{Path:{FieldError.GoQuote(S(n, "path"))}, Verb:{FieldError.GoQuote(S(n, "verb"))}}}",
                "cannot be specified in combination with resourceAttributes", ValueIsGoSyntax: true),
            (null, null) => FieldError.Invalid("spec.resourceAttributes", "null",
                "exactly one of nonResourceAttributes or resourceAttributes must be specified"),
            _ => null,
        };
        if (error is not null)
        {
            throw ApiErrors.Invalid(resource.Group, resource.Kind, "", [error]);
        }
    }

    private static void WriteAttributes(Utf8JsonWriter json, string name, JsonElement? attributes, string[] fields)
    {
        if (attributes is not { } value)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var field in fields)
        {
            ReviewResponse.WriteIfSet(json, field, S(value, field));
        }

        json.WriteEndObject();
    }

    private static string S(JsonElement parent, string name) => ReviewBody.StringOf(parent, name);
}
