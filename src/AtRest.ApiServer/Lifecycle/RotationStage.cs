namespace AtRest.ApiServer.Lifecycle;

/// <summary>
/// The key-rotation stages, with k3s's names so that its runbooks read the same. A rotation goes
/// <c>start → prepare → rotate → reencrypt_request → reencrypt_active → reencrypt_finished</c>; a new one may begin from
/// <c>start</c> or <c>reencrypt_finished</c>.
/// </summary>
public static class RotationStage
{
    /// <summary>No rotation under way.</summary>
    public const string Start = "start";

    /// <summary>The new key is in the configuration as a read key, second in its provider's list.</summary>
    public const string Prepare = "prepare";

    /// <summary>The new key writes; the old one still reads.</summary>
    public const string Rotate = "rotate";

    /// <summary>A re-encryption was asked for and is not yet known to run.</summary>
    public const string ReencryptRequest = "reencrypt_request";

    /// <summary>The server is re-encrypting every object with the new key.</summary>
    public const string ReencryptActive = "reencrypt_active";

    /// <summary>Every object is on the new key and the old key is gone: the rotation is done.</summary>
    public const string ReencryptFinished = "reencrypt_finished";

    /// <summary>Every stage, in order.</summary>
    public static IReadOnlyList<string> All { get; } = [Start, Prepare, Rotate, ReencryptRequest, ReencryptActive, ReencryptFinished];
}
