namespace AtRest.ApiServer.Validation;

/// <summary>apimachinery's <c>field.ErrorType</c>: how a field is wrong.</summary>
internal enum FieldErrorType
{
    /// <summary><c>Required value</c> (cause <c>FieldValueRequired</c>).</summary>
    Required,

    /// <summary><c>Invalid value</c> (cause <c>FieldValueInvalid</c>).</summary>
    Invalid,

    /// <summary><c>Forbidden</c> (cause <c>FieldValueForbidden</c>).</summary>
    Forbidden,

    /// <summary><c>Too long</c> (cause <c>FieldValueTooLong</c>).</summary>
    TooLong,

    /// <summary><c>Unsupported value</c> (cause <c>FieldValueNotSupported</c>).</summary>
    NotSupported,
}
