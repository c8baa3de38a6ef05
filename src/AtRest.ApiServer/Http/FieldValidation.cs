namespace AtRest.ApiServer.Http;

/// <summary>The <c>fieldValidation</c> query parameter: what to do with unknown or duplicate fields in a body.</summary>
internal enum FieldValidation
{
    /// <summary>Drop them silently.</summary>
    Ignore,

    /// <summary>Drop them and say so in <c>Warning</c> headers (the server default).</summary>
    Warn,

    /// <summary>Reject the request with 400.</summary>
    Strict,
}
