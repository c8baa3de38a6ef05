using AtRest.ApiServer.Discovery;
using AtRest.Kubernetes.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// <c>POST /apis/authentication.k8s.io/&lt;version&gt;/selfsubjectreviews</c> (<c>kubectl auth whoami</c>): the
/// caller's user info, stamped with the time of the review as kube-apiserver does.
/// </summary>
internal static class SelfSubjectReviewHandler
{
    /// <summary>Answers one review.</summary>
    public static async Task HandleAsync(HttpContext http, GroupResource resource)
    {
        using var review = await ReviewBody.ReadAsync(http, resource).ConfigureAwait(false);
        var user = ReviewResponse.UserOf(http);
        var time = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var created = KubernetesTime.FromDateTimeOffset(time.GetUtcNow()).ToString();
        await ReviewResponse.WriteAsync(http, resource, json =>
        {
            json.WriteStartObject("metadata");
            json.WriteString("creationTimestamp", created);
            json.WriteEndObject();
            json.WriteStartObject("status");
            json.WriteStartObject("userInfo");
            ReviewResponse.WriteIfSet(json, "username", user.Name);
            ReviewResponse.WriteIfSet(json, "uid", user.Uid);
            if (user.Groups.Count > 0)
            {
                ReviewResponse.WriteStrings(json, "groups", user.Groups);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
