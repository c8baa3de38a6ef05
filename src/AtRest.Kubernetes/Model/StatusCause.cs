namespace AtRest.Kubernetes.Model;

/// <summary><c>metav1.StatusCause</c>.</summary>
public sealed class StatusCause
{
    /// <summary><c>reason</c>, e.g. <c>FieldValueInvalid</c>.</summary>
    public string Reason { get; set; } = "";

    /// <summary><c>message</c>.</summary>
    public string Message { get; set; } = "";

    /// <summary><c>field</c>, e.g. <c>metadata.name</c>.</summary>
    public string Field { get; set; } = "";
}
