namespace AtRest.KmsPlugin.Backends;

/// <summary>Where the token is: the PKCS#11 module, the token label, and the user PIN (read from a file, never from argv).</summary>
internal sealed record Pkcs11Settings(string Module, string TokenLabel, string PinFile)
{
    /// <summary>Keys the plugin made carry this label prefix and their id: <c>atrest-kms-3</c>.</summary>
    public const string LabelPrefix = "atrest-kms-";

    public override string ToString() => $"pkcs11({Module}, token {TokenLabel})";
}
