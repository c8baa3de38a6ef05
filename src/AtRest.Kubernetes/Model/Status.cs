namespace AtRest.Kubernetes.Model;

/// <summary><c>metav1.Status</c>, the body of every API error (served as <c>apiVersion: v1</c>).</summary>
public sealed class Status : KubernetesObject
{
    /// <summary>The <c>kind</c> string.</summary>
    public const string KindName = "Status";

    /// <summary>The <c>status</c> value of a failed request.</summary>
    public const string Failure = "Failure";

    /// <summary>The <c>status</c> value of a successful request.</summary>
    public const string Success = "Success";

    /// <summary>Creates an empty v1 Status.</summary>
    public Status()
        : base("v1", KindName)
    {
    }

    /// <summary><c>metadata</c>; never null (written as <c>{}</c> when empty).</summary>
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The JSON <c>status</c> field: <see cref="Success"/> or <see cref="Failure"/>.</summary>
    public string State { get; set; } = "";

    /// <summary><c>message</c>.</summary>
    public string Message { get; set; } = "";

    /// <summary><c>reason</c>, e.g. <c>NotFound</c>.</summary>
    public string Reason { get; set; } = "";

    /// <summary><c>details</c>; null when absent.</summary>
    public StatusDetails? Details { get; set; }

    /// <summary><c>code</c>: the HTTP status code.</summary>
    public int Code { get; set; }
}
