using System.Text.Json;
using AtRest.ApiServer.Discovery;
using AtRest.ApiServer.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// <c>POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews</c> (<c>kubectl auth can-i --list</c>): the rules
/// the <see cref="IAuthorizer"/> lists for the caller in the namespace. As kube-apiserver, the answer carries an
/// empty spec and the namespace is required.
/// </summary>
internal static class SelfSubjectRulesReviewHandler
{
    /// <summary>Answers one review.</summary>
    public static async Task HandleAsync(HttpContext http, GroupResource resource)
    {
        using var review = await ReviewBody.ReadAsync(http, resource).ConfigureAwait(false);
        var spec = ReviewBody.ObjectOf(review.RootElement, "spec") ?? default;
        var user = ReviewResponse.UserOf(http);
        var ns = ReviewBody.StringOf(spec, "namespace");
        if (ns.Length == 0)
        {
            throw ApiErrors.BadRequest("no namespace on request");
        }

        var rules = http.RequestServices.GetRequiredService<IAuthorizer>().RulesFor(user, ns);
        await ReviewResponse.WriteAsync(http, resource, json =>
        {
            json.WriteStartObject("metadata");
            json.WriteNull("creationTimestamp");
            json.WriteEndObject();
            json.WriteStartObject("spec");
            json.WriteEndObject();
            json.WriteStartObject("status");
            json.WriteStartArray("resourceRules");
            foreach (var rule in rules.ResourceRules)
            {
                json.WriteStartObject();
                ReviewResponse.WriteStrings(json, "verbs", rule.Verbs);
                WriteIfAny(json, "apiGroups", rule.ApiGroups);
                WriteIfAny(json, "resources", rule.Resources);
                WriteIfAny(json, "resourceNames", rule.ResourceNames);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("nonResourceRules");
            foreach (var rule in rules.NonResourceRules)
            {
                json.WriteStartObject();
                ReviewResponse.WriteStrings(json, "verbs", rule.Verbs);
                WriteIfAny(json, "nonResourceURLs", rule.NonResourceUrls);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("incomplete", rules.Incomplete);
            ReviewResponse.WriteIfSet(json, "evaluationError", rules.EvaluationError);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static void WriteIfAny(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            ReviewResponse.WriteStrings(json, name, values);
        }
    }
}
