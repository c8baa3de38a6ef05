namespace AtRest.Encryption.Configuration.Decoding;

/// <summary>How a scalar resolves (YAML 1.1 rules as go-yaml v2 applies them; JSON literals map directly).</summary>
internal enum ScalarKind
{
    String,
    Null,
    Bool,
    Int,
    Float,
}
