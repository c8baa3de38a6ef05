using System.Text;

namespace AtRest.ApiServer.Validation;

/// <summary>
/// One validation failure, rendered as apimachinery's <c>field.Error</c>:
/// <c>&lt;field&gt;: &lt;type&gt;: &lt;"value"&gt;: &lt;detail&gt;</c>, for example
/// <c>metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain …</c>.
/// </summary>
/// <param name="Type">What kind of failure.</param>
/// <param name="Field">The field path, e.g. <c>metadata.name</c> or <c>data[bad key]</c>.</param>
/// <param name="Value">The bad value (shown for <see cref="FieldErrorType.Invalid"/> and <see cref="FieldErrorType.NotSupported"/>); never a secret value.</param>
/// <param name="Detail">The explanation.</param>
/// <param name="ValueIsGoSyntax">
/// Whether <paramref name="Value"/> is already printed as Go prints a non-string value (<c>true</c>, <c>[]string{"x"}</c>);
/// otherwise it is a string and shown Go-quoted.
/// </param>
internal sealed record FieldError(FieldErrorType Type, string Field, string? Value, string Detail, bool ValueIsGoSyntax = false)
{
    /// <summary>An invalid value.</summary>
    public static FieldError Invalid(string field, string value, string detail) => new(FieldErrorType.Invalid, field, value, detail);

    /// <summary>An invalid boolean value, printed as Go prints a bool.</summary>
    public static FieldError Invalid(string field, bool value, string detail) =>
        new(FieldErrorType.Invalid, field, value ? "true" : "false", detail, ValueIsGoSyntax: true);

    /// <summary>
    /// apimachinery's <c>field.NotSupported</c>: <c>Unsupported value: "x": supported values: "A", "B"</c>.
    /// <paramref name="goValue"/> is the value as Go's <c>%#v</c> prints it (a quoted string, or e.g. <c>[]string{"x"}</c>).
    /// </summary>
    public static FieldError NotSupported(string field, string goValue, params string[] supported) =>
        new(FieldErrorType.NotSupported, field, goValue,
            supported.Length == 0 ? "" : "supported values: " + string.Join(", ", supported.Select(GoQuote)), ValueIsGoSyntax: true);

    /// <summary>Go's <c>%#v</c> of a <c>[]string</c>: <c>[]string{"a", "b"}</c>.</summary>
    public static string GoStringSlice(IEnumerable<string> values) => "[]string{" + string.Join(", ", values.Select(GoQuote)) + "}";

    /// <summary>A missing value.</summary>
    public static FieldError Required(string field, string detail = "") => new(FieldErrorType.Required, field, null, detail);

    /// <summary>A value that may not be set or changed.</summary>
    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, null, detail);

    /// <summary>A value over a byte limit.</summary>
    public static FieldError TooLong(string field, int maxBytes) =>
        new(FieldErrorType.TooLong, field, null, $"may not be more than {maxBytes} {(maxBytes == 1 ? "byte" : "bytes")}");

    /// <summary>The <c>metav1.StatusCause</c> reason.</summary>
    public string CauseReason => Type switch
    {
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        _ => "FieldValueInvalid",
    };

    /// <summary>The message without the field: <c>Invalid value: "x": detail</c> (the cause's message).</summary>
    public string Body
    {
        get
        {
            var text = new StringBuilder(Type switch
            {
                FieldErrorType.Required => "Required value",
                FieldErrorType.Forbidden => "Forbidden",
                FieldErrorType.TooLong => "Too long",
                FieldErrorType.NotSupported => "Unsupported value",
                _ => "Invalid value",
            });
            if (Type is FieldErrorType.Invalid or FieldErrorType.NotSupported && Value is not null)
            {
                text.Append(": ").Append(ValueIsGoSyntax ? Value : GoQuote(Value));
            }

            if (Detail.Length > 0)
            {
                text.Append(": ").Append(Detail);
            }

            return text.ToString();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Body}";

    /// <summary>Go's <c>%q</c> for the characters names and keys can contain.</summary>
    internal static string GoQuote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                < ' ' => text.Append($"\\x{(int)c:x2}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }
}
