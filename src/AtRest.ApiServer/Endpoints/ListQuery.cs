using System.Globalization;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Selectors;
using AtRest.ApiServer.Storage;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>Reads the LIST/WATCH query parameters.</summary>
internal static class ListQuery
{
    /// <summary>The selectors, limit and continue token of a list request.</summary>
    public static ListOptions Read(HttpRequest request, ResourceStore store, string? fixedName = null)
    {
        var fields = FieldSelector.Parse(request.Query["fieldSelector"].ToString());
        foreach (var r in fields.Requirements)
        {
            if (!store.Strategy.SupportsField(r.Field))
            {
                throw ApiErrors.BadRequest($"field label not supported: {r.Field}");
            }
        }

        if (fixedName is not null)
        {
            fields = FieldSelector.Parse(string.IsNullOrEmpty(request.Query["fieldSelector"].ToString())
                ? "metadata.name=" + fixedName
                : request.Query["fieldSelector"] + ",metadata.name=" + fixedName);
        }

        var limitText = request.Query["limit"].ToString();
        long limit = 0;
        if (limitText.Length > 0 && (!long.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            throw ApiErrors.BadRequest($"limit: Invalid value: {ApiErrors.Quote(limitText)}: must be a non-negative integer");
        }

        var continueToken = request.Query["continue"].ToString();
        return new ListOptions(
            LabelSelector.Parse(request.Query["labelSelector"].ToString()),
            fields,
            limit,
            continueToken.Length == 0 ? null : continueToken);
    }

    /// <summary>Whether the request asks for a watch (<c>?watch=true</c> or <c>?watch=1</c>).</summary>
    public static bool IsWatch(HttpRequest request) => request.Query["watch"].ToString() is "true" or "1" or "True";
}
