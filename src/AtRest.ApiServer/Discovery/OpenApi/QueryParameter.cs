namespace AtRest.ApiServer.Discovery.OpenApi;

/// <summary>A query parameter of an operation, as the OpenAPI documents describe it.</summary>
/// <param name="Name">The parameter (<c>dryRun</c>).</param>
/// <param name="Type"><c>string</c>, <c>boolean</c> or <c>integer</c>.</param>
/// <param name="Description">What it does.</param>
internal sealed record QueryParameter(string Name, string Type, string Description)
{
    /// <summary><c>dryRun</c>: kubectl 1.20 checks a kind's patch operation has it before it sends <c>--dry-run=server</c>.</summary>
    public static readonly QueryParameter DryRun = new("dryRun", "string",
        "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed");

    /// <summary><c>fieldManager</c>.</summary>
    public static readonly QueryParameter FieldManager = new("fieldManager", "string",
        "fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.");

    /// <summary><c>fieldValidation</c>: kubectl 1.27+ checks a kind's patch operation has it before it relies on server-side validation.</summary>
    public static readonly QueryParameter FieldValidation = new("fieldValidation", "string",
        "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: drops unknown fields silently. - Warn: drops unknown fields and sends a warning for each. - Strict: fails the request on unknown or duplicate fields.");

    /// <summary><c>force</c> (apply patches).</summary>
    public static readonly QueryParameter Force = new("force", "boolean",
        "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.");

    /// <summary>The parameters of a list or watch.</summary>
    public static readonly IReadOnlyList<QueryParameter> ListOrWatch =
    [
        new("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
        new("continue", "string", "The continue option should be set when retrieving more results from the server, with the value of a previous list's continue field."),
        new("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
        new("labelSelector", "string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
        new("limit", "integer", "limit is a maximum number of responses to return for a list call."),
        new("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details."),
        new("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
        new("timeoutSeconds", "integer", "Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity."),
        new("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion."),
    ];

    /// <summary>The parameters of a delete.</summary>
    public static readonly IReadOnlyList<QueryParameter> Delete =
    [
        DryRun,
        new("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately."),
        new("propagationPolicy", "string", "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'."),
    ];

    /// <summary>The parameters of a create or replace.</summary>
    public static readonly IReadOnlyList<QueryParameter> Write = [DryRun, FieldManager, FieldValidation];

    /// <summary>The parameters of a patch.</summary>
    public static readonly IReadOnlyList<QueryParameter> Patch = [DryRun, FieldManager, FieldValidation, Force];
}
