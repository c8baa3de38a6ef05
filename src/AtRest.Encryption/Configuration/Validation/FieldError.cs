namespace AtRest.Encryption.Configuration.Validation;

/// <summary>
/// One validation error rendered like apimachinery's <c>field.Error</c>:
/// <c>&lt;path&gt;: Required value: &lt;detail&gt;</c> or <c>&lt;path&gt;: Invalid value: &lt;rendered value&gt;: &lt;detail&gt;</c>.
/// </summary>
/// <param name="Path">The field path, e.g. <c>resources[0].providers[1].aescbc.keys[0].secret</c>.</param>
/// <param name="Type">Required or Invalid.</param>
/// <param name="RenderedValue">The bad value already in Go form (<c>"text"</c> quoted, numbers bare, JSON otherwise); never key material.</param>
/// <param name="Detail">The detail text.</param>
internal sealed record FieldError(string Path, FieldErrorType Type, string? RenderedValue, string Detail)
{
    public static FieldError Required(string path, string detail) => new(path, FieldErrorType.Required, null, detail);

    public static FieldError InvalidString(string path, string value, string detail) => new(path, FieldErrorType.Invalid, GoFormat.Quote(value), detail);

    public static FieldError InvalidRendered(string path, string rendered, string detail) => new(path, FieldErrorType.Invalid, rendered, detail);

    public override string ToString() => Type == FieldErrorType.Required
        ? $"{Path}: Required value: {Detail}"
        : $"{Path}: Invalid value: {RenderedValue}: {Detail}";
}
