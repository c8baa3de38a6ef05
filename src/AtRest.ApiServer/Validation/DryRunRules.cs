namespace AtRest.ApiServer.Validation;

/// <summary>apimachinery's <c>ValidateDryRun</c>, shared by the create, update, patch and delete options.</summary>
internal static class DryRunRules
{
    /// <summary>The one supported value: every admission and validation stage runs, nothing is stored.</summary>
    public const string All = "All";

    /// <summary>An <c>Unsupported value</c> error unless every value is <c>All</c>.</summary>
    public static IEnumerable<FieldError> Validate(IReadOnlyList<string> dryRun) =>
        dryRun.All(v => v == All) ? [] : [FieldError.NotSupported("dryRun", FieldError.GoStringSlice(dryRun), All)];
}
