using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Errors;

/// <summary>
/// A request failure that becomes a <c>metav1.Status</c> response. Build one with <see cref="ApiErrors"/>, whose
/// messages match kube-apiserver's word for word (kubectl prints them verbatim and keys behaviour on the reason).
/// </summary>
internal sealed class ApiException : Exception
{
    /// <summary>Creates the failure.</summary>
    public ApiException(int code, string reason, string message, StatusDetails? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    /// <summary>The HTTP status code.</summary>
    public int Code { get; }

    /// <summary>The <c>metav1.StatusReason</c>, e.g. <c>NotFound</c>.</summary>
    public string Reason { get; }

    /// <summary>The <c>details</c>, or null.</summary>
    public StatusDetails? Details { get; }

    /// <summary>
    /// The storage key of the value this failure is about when the value cannot be transformed or decoded (a corrupt
    /// object, which only a delete with <c>ignoreStoreReadErrorWithClusterBreakingPotential</c> removes); otherwise null.
    /// </summary>
    public string? CorruptKey { get; init; }

    /// <summary>
    /// The Status's <c>metadata.continue</c>: for a list whose continue token expired, the token that lists the rest
    /// at the current revision (inconsistently); otherwise null.
    /// </summary>
    public string? ListContinue { get; init; }

    /// <summary>The Status object sent to the client.</summary>
    public Status ToStatus() => new()
    {
        Metadata = new ListMeta { Continue = ListContinue ?? "" },
        State = Status.Failure,
        Message = Message,
        Reason = Reason,
        Details = Details,
        Code = Code,
    };
}
