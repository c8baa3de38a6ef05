using AtRest.ApiServer.Errors;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Http;

/// <summary>The write options every mutating request may carry in its query.</summary>
/// <param name="Validation">How unknown fields are handled.</param>
/// <param name="DryRun">Whether <c>dryRun=All</c> asks for everything except the write.</param>
internal sealed record RequestOptions(FieldValidation Validation, bool DryRun)
{
    /// <summary>Reads <c>fieldValidation</c> and <c>dryRun</c>; bad values are 400s.</summary>
    public static RequestOptions From(HttpRequest request)
    {
        var validation = request.Query["fieldValidation"].ToString() switch
        {
            "" or "Warn" => FieldValidation.Warn,
            "Strict" => FieldValidation.Strict,
            "Ignore" => FieldValidation.Ignore,
            var other => throw ApiErrors.BadRequest(
                $"fieldValidation parameter unsupported: {other}, must be one of Ignore, Warn, or Strict (case-sensitive)"),
        };
        var dryRun = false;
        foreach (var value in request.Query["dryRun"])
        {
            dryRun = value switch
            {
                "All" => true,
                _ => throw ApiErrors.BadRequest($"dryRun: Unsupported value: {ApiErrors.Quote(value ?? "")}: supported values: \"All\""),
            };
        }

        return new RequestOptions(validation, dryRun);
    }
}
