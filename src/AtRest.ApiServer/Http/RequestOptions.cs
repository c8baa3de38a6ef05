using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Http;

/// <summary>The write options every mutating request may carry in its query.</summary>
/// <param name="Validation">How unknown fields are handled.</param>
/// <param name="DryRun">Whether <c>dryRun=All</c> asks for everything except the write.</param>
internal sealed record RequestOptions(FieldValidation Validation, bool DryRun)
{
    /// <summary>Reads <c>fieldValidation</c> (a bad value is a 400) and <c>dryRun</c> (a bad value is kube's 422 for the verb's options).</summary>
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
        // apimachinery ValidateDryRun on the verb's options (CreateOptions, UpdateOptions, PatchOptions).
        var dryRun = request.Query["dryRun"].Select(v => v ?? "").ToList();
        var errors = DryRunRules.Validate(dryRun).ToList();
        if (errors.Count > 0)
        {
            var kind = request.Method switch { "POST" => "CreateOptions", "PUT" => "UpdateOptions", _ => "PatchOptions" };
            throw ApiErrors.InvalidOptions(kind, errors);
        }

        return new RequestOptions(validation, dryRun.Count > 0);
    }
}
