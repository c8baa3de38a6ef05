namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>The bytes are not well-formed YAML/JSON, or do not fit the schema (Go's fatal, non-strict decode errors).</summary>
internal sealed class DocumentFormatException(string message) : Exception(message);
