namespace AtRest.Kubernetes;

/// <summary>
/// JSON or YAML that cannot be decoded as a Kubernetes object: malformed text, a wrong value type at a path, an
/// unsupported kind, or (strict mode only) unknown or duplicate fields.
/// </summary>
/// <remarks>Messages name paths, never field values.</remarks>
public sealed class KubernetesJsonException : FormatException
{
    /// <summary>Creates an exception for a fatal decoding error.</summary>
    public KubernetesJsonException(string message)
        : base(message)
    {
        StrictErrors = [];
    }

    /// <summary>Creates an exception for a fatal decoding error with its cause.</summary>
    public KubernetesJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
        StrictErrors = [];
    }

    /// <summary>
    /// Creates a strict-decoding failure. The message is upstream's:
    /// <c>strict decoding error: unknown field "spec.foo", duplicate field "data"</c>.
    /// </summary>
    public KubernetesJsonException(IReadOnlyList<string> strictErrors)
        : base("strict decoding error: " + string.Join(", ", strictErrors))
    {
        StrictErrors = strictErrors;
    }

    /// <summary>
    /// The individual strict-mode findings (e.g. <c>unknown field "metadata.foo"</c>); empty for fatal errors.
    /// When non-empty the object was otherwise decodable; the API server answers 400 BadRequest with
    /// <c>{Kind} in version "v1" cannot be handled as a {Kind}: {Message}</c>.
    /// </summary>
    public IReadOnlyList<string> StrictErrors { get; }

    /// <summary>True when this is only a strict-mode finding (unknown/duplicate fields).</summary>
    public bool IsStrictDecodingError => StrictErrors.Count > 0;
}
