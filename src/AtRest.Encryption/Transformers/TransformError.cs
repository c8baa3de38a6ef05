namespace AtRest.Encryption.Transformers;

/// <summary>
/// An error from a read or write, kept as a value so that the non-short-circuiting prefix chain can
/// collect failures without paying for exceptions. Fixed texts are shared static instances.
/// </summary>
internal sealed class TransformError
{
    private readonly TransformError[]? _parts;
    private string? _message;

    public TransformError(string message, string? grpcStatus = null)
    {
        _message = message;
        GrpcStatus = grpcStatus;
    }

    private TransformError(TransformError[] parts) => _parts = parts;

    public static readonly TransformError ShorterThanRequired = new("the stored data was shorter than the required size");
    public static readonly TransformError NotBlockMultiple = new("the stored data is not a multiple of the block size");
    public static readonly TransformError InvalidPkcs7Data = new("invalid PKCS7 data (empty or not padded)");
    public static readonly TransformError InvalidPadding = new("invalid padding on input");
    public static readonly TransformError GcmAuthenticationFailed = new("cipher: message authentication failed");
    public static readonly TransformError SecretboxOpenFailed = new("output array was not large enough for encryption");
    public static readonly TransformError IdentityReadEncrypted = new("identity transformer tried to read encrypted data");
    public static readonly TransformError NoMatchingPrefix = new("no matching prefix found");
    public static readonly TransformError NoMatchingAesKey = new("no matching key was found for the provided AES transformer");
    public static readonly TransformError NoMatchingSecretboxKey = new("no matching key was found for the provided Secretbox transformer");

    /// <summary>The gRPC code name (<c>DeadlineExceeded</c>) when a KMS plugin call failed, for the metrics' status label.</summary>
    public string? GrpcStatus { get; private init; }

    /// <summary>The text as Go's <c>utilerrors.Aggregate</c> prints it: nested lists flattened, duplicates dropped.</summary>
    public string Message => _message ??= Render();

    /// <summary>Go's <c>Reduce(NewAggregate(errs))</c>: one error stays itself, several become an aggregate.</summary>
    public static TransformError Aggregate(List<TransformError> errors) =>
        errors.Count == 1 ? errors[0] : new TransformError(errors.ToArray()) { GrpcStatus = errors.Find(e => e.GrpcStatus is not null)?.GrpcStatus };

    public EncryptionTransformException ToException(string? provider = null) => new(Message) { GrpcStatus = GrpcStatus, Provider = provider };

    public override string ToString() => Message;

    private string Render()
    {
        var messages = new List<string>();
        Flatten(this, messages);
        return GoErrors.JoinAggregate(messages);
    }

    private static void Flatten(TransformError error, List<string> into)
    {
        if (error._parts is null)
        {
            into.Add(error.Message);
            return;
        }

        foreach (var part in error._parts)
        {
            Flatten(part, into);
        }
    }
}
