namespace AtRest.Encryption.Configuration.Model;

/// <summary>One <c>providers[]</c> element; exactly one member should be set.</summary>
internal sealed class ProviderConfiguration
{
    public KeyListConfiguration? AesGcm { get; set; }

    public KeyListConfiguration? AesCbc { get; set; }

    public KeyListConfiguration? Secretbox { get; set; }

    public IdentityConfiguration? Identity { get; set; }

    public KmsConfiguration? Kms { get; set; }

    public int CountSet() =>
        (AesGcm is null ? 0 : 1) + (AesCbc is null ? 0 : 1) + (Secretbox is null ? 0 : 1) + (Identity is null ? 0 : 1) + (Kms is null ? 0 : 1);

    /// <summary>
    /// The JSON Go prints for the internal <c>ProviderConfiguration</c> in validation errors (untagged field names),
    /// except that key secrets are printed as <c>REDACTED</c> — upstream prints them, we never do.
    /// </summary>
    public string ToGoJson() =>
        "{\"AESGCM\":" + KeysJson(AesGcm) + ",\"AESCBC\":" + KeysJson(AesCbc) + ",\"Secretbox\":" + KeysJson(Secretbox) +
        ",\"Identity\":" + (Identity is null ? "null" : "{}") + ",\"KMS\":" + (Kms is null ? "null" : Kms.ToGoJson()) + "}";

    public override string ToString() => ToGoJson();

    private static string KeysJson(KeyListConfiguration? keys) =>
        keys is null ? "null" : "{\"Keys\":" + (keys.Keys is null ? "null" : "[" + string.Join(",", keys.Keys.Select(k => k.ToGoJson())) + "]") + "}";
}
