using System.Globalization;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Selectors;
using AtRest.ApiServer.Storage;
using AtRest.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Endpoints;

/// <summary>Reads the LIST/WATCH query parameters, validated as kube-apiserver's <c>ValidateListOptions</c> does.</summary>
internal static class ListQuery
{
    private const string Exact = "Exact";
    private const string NotOlderThan = "NotOlderThan";

    /// <summary>The selectors, limit, continue token and resourceVersion of a list (or, with <paramref name="watch"/>, a watch).</summary>
    public static ListOptions Read(HttpRequest request, ResourceStore store, string? fixedName = null, bool watch = false)
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
        var resourceVersion = request.Query["resourceVersion"].ToString();
        var match = request.Query["resourceVersionMatch"].ToString();
        var errors = watch
            ? ValidateWatch(match, continueToken, Bool(request, "sendInitialEvents"), Bool(request, "allowWatchBookmarks") == true)
            : ValidateList(match, resourceVersion, continueToken, request.Query.ContainsKey("sendInitialEvents"));
        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidOptions("ListOptions", errors);
        }

        var revision = ResourceVersions.Parse(resourceVersion);
        if (!watch && revision > 0 && continueToken.Length > 0)
        {
            throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
        }

        var options = new ListOptions(
            LabelSelector.Parse(request.Query["labelSelector"].ToString()),
            fields,
            limit,
            continueToken.Length == 0 ? null : continueToken);
        if (watch || revision == 0)
        {
            return options;
        }

        // etcd3 store GetList: Exact reads at the revision, and so does a paged list (limit) without a match (the legacy
        // rule); otherwise the list is the current one, which must be at least that fresh.
        return match == Exact || (match.Length == 0 && limit > 0 && continueToken.Length == 0)
            ? options with { ExactRevision = revision }
            : options with { MinimumRevision = revision };
    }

    /// <summary>
    /// A boolean query parameter as kube-apiserver's query conversion reads it: null when absent, false for <c>0</c> or
    /// <c>false</c> (any case), true for anything else.
    /// </summary>
    public static bool? Bool(HttpRequest request, string name) =>
        !request.Query.TryGetValue(name, out var values) ? null
        : values.ToString() is var text && (text == "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase)) ? false
        : true;

    /// <summary>Whether the request asks for a watch (<c>?watch=true</c> or <c>?watch=1</c>).</summary>
    public static bool IsWatch(HttpRequest request) => request.Query["watch"].ToString() is "true" or "1" or "True";

    private static List<FieldError> ValidateList(string match, string resourceVersion, string continueToken, bool sendInitialEvents)
    {
        var errors = new List<FieldError>();
        if (match.Length > 0)
        {
            if (resourceVersion.Length == 0)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }

            if (continueToken.Length > 0)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }

            if (match is not (Exact or NotOlderThan))
            {
                errors.Add(FieldError.NotSupported("resourceVersionMatch", FieldError.GoQuote(match), Exact, NotOlderThan, ""));
            }

            if (match == Exact && resourceVersion == "0")
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }

        if (sendInitialEvents)
        {
            errors.Add(FieldError.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }

        return errors;
    }

    // Watch lists (sendInitialEvents) are served, as by kube-apiserver with its WatchList feature gate on.
    private static List<FieldError> ValidateWatch(string match, string continueToken, bool? sendInitialEvents, bool allowWatchBookmarks)
    {
        var errors = new List<FieldError>();
        if (sendInitialEvents is not null)
        {
            if (match != NotOlderThan)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", $"sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}"));
            }

            if (!allowWatchBookmarks)
            {
                errors.Add(FieldError.Forbidden("allowWatchBookmarks", "sendInitialEvents requires setting allowWatchBookmarks to true"));
            }
        }

        if (match.Length > 0)
        {
            if (sendInitialEvents is null)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }

            if (match != NotOlderThan)
            {
                errors.Add(FieldError.NotSupported("resourceVersionMatch", FieldError.GoQuote(match), NotOlderThan));
            }

            if (continueToken.Length > 0)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
        }

        return errors;
    }
}
