namespace AtRest.ApiServer.Lifecycle;

/// <summary>One read key of a resource, by type and name (never its bytes).</summary>
/// <param name="Type">The provider: <c>aescbc</c>, <c>aesgcm</c>, <c>secretbox</c>, <c>kms v2</c>, <c>identity</c>…</param>
/// <param name="Name">The key's (or KMS provider's) name; empty for identity.</param>
/// <param name="Prefix">The stored-value prefix it reads (<c>k8s:enc:aescbc:v1:key1:</c>, or <c>identity</c>).</param>
/// <param name="Active">Whether it is the key new writes use.</param>
public sealed record KeyDescription(string Type, string Name, string Prefix, bool Active)
{
    /// <summary>Describes a prefix as <see cref="Encryption.Configuration.LoadedEncryptionConfiguration.Describe"/> lists it.</summary>
    public static KeyDescription FromPrefix(string prefix, bool active)
    {
        ArgumentNullException.ThrowIfNull(prefix);

        // k8s:enc:<type>:<version>:<name>:   e.g. k8s:enc:aescbc:v1:key1:   k8s:enc:kms:v2:my-plugin:
        var parts = prefix.Split(':');
        if (parts.Length < 5 || parts[0] != "k8s" || parts[1] != "enc")
        {
            return new KeyDescription(prefix, string.Empty, prefix, active);
        }

        var type = parts[2] == "kms" ? $"kms {parts[3]}" : parts[2];
        return new KeyDescription(type, parts[4], prefix, active);
    }
}
