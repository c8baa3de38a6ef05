namespace AtRest.Encryption.Configuration;

/// <summary>A valid configuration that cannot be turned into transformers (masked rules, unsupported providers).</summary>
internal sealed class TransformerBuildException(string message) : Exception(message);
