namespace AtRest.Encryption.Configuration.Validation;

/// <summary>The two field error kinds EncryptionConfiguration validation uses.</summary>
internal enum FieldErrorType
{
    /// <summary>Printed <c>Required value</c>, without the value.</summary>
    Required,

    /// <summary>Printed <c>Invalid value: &lt;value&gt;</c>.</summary>
    Invalid,
}
