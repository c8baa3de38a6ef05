using AtRest.ApiServer.Validation;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Errors;

/// <summary>The errors kube-apiserver returns, with its reasons, codes and message texts (apimachinery <c>errors</c>).</summary>
internal static class ApiErrors
{
    /// <summary>404 <c>secrets "x" not found</c>.</summary>
    public static ApiException NotFound(string resource, string name) =>
        new(404, "NotFound", $"{resource} {Quote(name)} not found", new StatusDetails { Name = name, Kind = resource });

    /// <summary>404 for a path that names no resource.</summary>
    public static ApiException PathNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource", new StatusDetails());

    /// <summary>409 <c>secrets "x" already exists</c>.</summary>
    public static ApiException AlreadyExists(string resource, string name) =>
        new(409, "AlreadyExists", $"{resource} {Quote(name)} already exists", new StatusDetails { Name = name, Kind = resource });

    /// <summary>409 <c>Operation cannot be fulfilled on secrets "x": …</c>.</summary>
    public static ApiException Conflict(string resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource} {Quote(name)}: {why}", new StatusDetails { Name = name, Kind = resource });

    /// <summary>409 for a stale resourceVersion in an update.</summary>
    public static ApiException Modified(string resource, string name) =>
        Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>422 <c>Secret "x" is invalid: …</c> with one cause per field error.</summary>
    public static ApiException Invalid(string kind, string name, IReadOnlyList<FieldError> errors) => Invalid("", kind, name, errors);

    /// <summary>
    /// 422 for request options, e.g. <c>DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: …</c>
    /// (apimachinery names the kind with its group, <c>meta.k8s.io</c>, and an empty name).
    /// </summary>
    public static ApiException InvalidOptions(string kind, IReadOnlyList<FieldError> errors) => Invalid("meta.k8s.io", kind, "", errors);

    /// <summary>422 for <paramref name="group"/>/<paramref name="kind"/>; the message names the kind as <c>Kind.group</c>.</summary>
    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        var details = new StatusDetails { Name = name, Group = group, Kind = kind };
        foreach (var e in errors)
        {
            details.Causes.Add(new StatusCause { Reason = e.CauseReason, Message = e.Body, Field = e.Field });
        }

        var texts = errors.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        var aggregate = texts.Count == 1 ? texts[0] : "[" + string.Join(", ", texts) + "]";
        var qualified = group.Length == 0 ? kind : kind + "." + group;
        return new(422, "Invalid", $"{qualified} {Quote(name)} is invalid: {aggregate}", details);
    }

    /// <summary>400 with a free-text message.</summary>
    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>403 <c>secrets "x" is forbidden: …</c>.</summary>
    public static ApiException Forbidden(string resource, string name, string why, StatusCause? cause = null)
    {
        var details = new StatusDetails { Name = name, Kind = resource };
        if (cause is not null)
        {
            details.Causes.Add(cause);
        }

        return new(403, "Forbidden", $"{resource} {Quote(name)} is forbidden: {why}", details);
    }

    /// <summary>405 for a verb the resource does not serve.</summary>
    public static ApiException MethodNotSupported(string resource, string verb) =>
        new(405, "MethodNotAllowed", $"{verb} is not supported on resources of kind {Quote(resource)}", new StatusDetails { Kind = resource });

    /// <summary>415 for a request body in a format the server does not read.</summary>
    public static ApiException UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}",
            new StatusDetails { Causes = [new StatusCause { Reason = "UnsupportedMediaType", Message = contentType }] });

    /// <summary>406 for an Accept header the server cannot satisfy.</summary>
    public static ApiException NotAcceptable(IEnumerable<string> offered) =>
        new(406, "NotAcceptable", $"only the following media types are accepted: {string.Join(", ", offered)}");

    /// <summary>
    /// 410 Expired: the requested history was compacted; <paramref name="listContinue"/> is the Status's
    /// <c>metadata.continue</c> (a token that lists the rest inconsistently), or null.
    /// </summary>
    public static ApiException Expired(string message, string? listContinue = null) => new(410, "Expired", message) { ListContinue = listContinue };

    /// <summary>
    /// 504 <c>Timeout: Too large resource version: 9, current: 5</c>: the store has not reached the revision a read asked
    /// for (storage <c>NewTooLargeResourceVersionError</c>; clients retry after <c>retryAfterSeconds</c>).
    /// </summary>
    public static ApiException TooLargeResourceVersion(long requested, long current) =>
        new(504, "Timeout", $"Timeout: Too large resource version: {requested}, current: {current}", new StatusDetails
        {
            RetryAfterSeconds = 1,
            Causes = [new StatusCause { Reason = "ResourceVersionTooLarge", Message = "Too large resource version" }],
        });

    /// <summary>
    /// 500 StorageReadError for a LIST that met values no provider can read or decode (etcd3 store's
    /// <c>aggregatedStorageError</c>): one cause per key, then a <c>TooMany</c> cause when the list was cut short.
    /// </summary>
    public static ApiException StoreReadError(string resource, IReadOnlyList<ApiException> corrupt, bool truncated)
    {
        var details = new StatusDetails { Kind = resource, Name = "list" };
        foreach (var e in corrupt)
        {
            details.Causes.Add(new StatusCause { Reason = "UnexpectedServerResponse", Field = e.CorruptKey ?? "", Message = e.Details?.Causes[0].Message ?? e.Message });
        }

        if (truncated)
        {
            details.Causes.Add(new StatusCause { Reason = "TooMany", Message = "too many errors, the list is truncated" });
        }

        return new(500, "StorageReadError", $"failed to read one or more {resource} from the storage", details);
    }

    /// <summary>
    /// 500 for a stored value that cannot be transformed or decoded, worded as kube-apiserver's
    /// <c>StorageError: corrupt object, Code: 7, Key: …</c>; <see cref="ApiException.CorruptKey"/> names the key.
    /// </summary>
    /// <param name="key">The storage key.</param>
    /// <param name="decodable">False when no provider could transform the bytes, true when they were transformed but do not decode.</param>
    /// <param name="revision">The key's mod revision (kube reports it for undecodable values only).</param>
    /// <param name="why">The transformer's or decoder's reason; never a value.</param>
    public static ApiException CorruptObject(string key, bool decodable, long revision, string why)
    {
        var inner = decodable ? $"object not decodable revision={revision}: {why}" : $"data from the storage is not transformable revision=0: {why}";
        var storageError = $"StorageError: corrupt object, Code: 7, Key: {key}, ResourceVersion: 0, AdditionalErrorMsg: {inner}";
        var error = Internal(storageError);
        return new ApiException(error.Code, error.Reason, error.Message, error.Details) { CorruptKey = key };
    }

    /// <summary>503 ServiceUnavailable (apimachinery's <c>NewServiceUnavailable</c>), with a retry hint as kube gives for unreachable storage.</summary>
    public static ApiException ServiceUnavailable(string message, int retryAfterSeconds) =>
        new(503, "ServiceUnavailable", message, new StatusDetails { RetryAfterSeconds = retryAfterSeconds });

    /// <summary>507 for a write the store refused for lack of space (kube-apiserver has no reason of its own for it).</summary>
    public static ApiException InsufficientStorage(string message) =>
        new(507, "InsufficientStorage", $"insufficient storage: {message}");

    /// <summary>500 <c>Internal error occurred: …</c>.</summary>
    public static ApiException Internal(string message) =>
        new(500, "InternalError", $"Internal error occurred: {message}",
            new StatusDetails { Causes = [new StatusCause { Message = message }] });

    /// <summary>Go's <c>%q</c> of a name.</summary>
    public static string Quote(string value) => FieldError.GoQuote(value);
}
