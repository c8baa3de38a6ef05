using System.Text;

namespace AtRest.ApiServer.Validation;

/// <summary>
/// One validation failure, rendered as apimachinery's <c>field.Error</c>:
/// <c>&lt;field&gt;: &lt;type&gt;: &lt;"value"&gt;: &lt;detail&gt;</c>, for example
/// <c>metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain …</c>.
/// </summary>
/// <param name="Type">What kind of failure.</param>
/// <param name="Field">The field path, e.g. <c>metadata.name</c> or <c>data[bad key]</c>.</param>
/// <param name="Value">The bad value (shown only for <see cref="FieldErrorType.Invalid"/>); never a secret value.</param>
/// <param name="Detail">The explanation.</param>
internal sealed record FieldError(FieldErrorType Type, string Field, string? Value, string Detail)
{
    /// <summary>An invalid value.</summary>
    public static FieldError Invalid(string field, string value, string detail) => new(FieldErrorType.Invalid, field, value, detail);

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
                _ => "Invalid value",
            });
            if (Type == FieldErrorType.Invalid && Value is not null)
            {
                text.Append(": ").Append(GoQuote(Value));
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
