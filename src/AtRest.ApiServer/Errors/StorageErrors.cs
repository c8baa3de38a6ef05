using AtRest.Storage;

namespace AtRest.ApiServer.Errors;

/// <summary>
/// The one mapping from a backend fault to a Status, shared by ordinary requests and the ERROR event of a watch:
/// an unreachable store is 503 with a retry hint (kube-apiserver suggests 2 s for storage it cannot reach), a store
/// out of space is 507. Anything else is not a backend fault and gets no Status here.
/// </summary>
internal static class StorageErrors
{
    /// <summary>The retry hint for an unreachable store, in seconds.</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>The Status for a backend fault, or null when <paramref name="error"/> is not one.</summary>
    public static ApiException? ToStatus(Exception error) => error switch
    {
        InsufficientStorageException => ApiErrors.InsufficientStorage(error.Message),
        StorageUnavailableException => ApiErrors.ServiceUnavailable(error.Message, RetryAfterSeconds),
        _ => null,
    };
}
