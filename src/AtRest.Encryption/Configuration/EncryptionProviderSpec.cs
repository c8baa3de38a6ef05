namespace AtRest.Encryption.Configuration;

/// <summary>One provider of a generated configuration: its type and its keys (none for <c>identity</c>).</summary>
/// <param name="Type">identity, aescbc, aesgcm or secretbox.</param>
/// <param name="Keys">Key names with their base64 secrets, the writing key first.</param>
public sealed record EncryptionProviderSpec(string Type, IReadOnlyList<(string Name, string Secret)> Keys)
{
    /// <summary>The identity provider.</summary>
    public static EncryptionProviderSpec Identity { get; } = new("identity", []);

    /// <summary>A keyed provider.</summary>
    public static EncryptionProviderSpec Keyed(string type, params (string Name, string Secret)[] keys) => new(type, keys);

    /// <summary>Names the provider and its key names; never the secrets.</summary>
    public override string ToString() => $"{Type}[{string.Join(",", Keys.Select(k => k.Name))}]";
}
