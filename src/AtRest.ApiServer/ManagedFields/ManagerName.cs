using System.Globalization;
using System.Text;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// Who a write is recorded as: the <c>fieldManager</c> query parameter, else the User-Agent up to its first <c>/</c>
/// (<c>kubectl-create/v1.20.2 (linux/amd64) …</c> → <c>kubectl-create</c>) without unprintable characters and cut at
/// 128 bytes, as kube-apiserver's <c>managerOrUserAgent</c>.
/// </summary>
internal static class ManagerName
{
    private const int MaxLength = 128;

    /// <summary>The manager of <paramref name="request"/>; a <c>fieldManager</c> that is too long or unprintable is a 422.</summary>
    public static string From(HttpRequest request, string optionsKind)
    {
        var given = request.Query["fieldManager"].ToString();
        if (given.Length > 0)
        {
            Validate(given, optionsKind);
            return given;
        }

        return FromUserAgent(request.Headers.UserAgent.ToString());
    }

    /// <summary>The <c>fieldManager</c> query parameter, validated; empty when absent.</summary>
    public static string Given(HttpRequest request, string optionsKind)
    {
        var given = request.Query["fieldManager"].ToString();
        if (given.Length > 0)
        {
            Validate(given, optionsKind);
        }

        return given;
    }

    /// <summary>The manager a User-Agent stands for.</summary>
    public static string FromUserAgent(string userAgent)
    {
        var prefix = userAgent.Split('/')[0];
        var name = new StringBuilder();
        var bytes = 0;
        foreach (var rune in prefix.EnumerateRunes())
        {
            if (!IsPrint(rune))
            {
                continue;
            }

            if (bytes + rune.Utf8SequenceLength > MaxLength)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            name.Append(rune.ToString());
        }

        return name.ToString();
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrint(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };

    // apimachinery ValidateFieldManager: at most 128 bytes, every character printable (the first bad one is named).
    private static void Validate(string manager, string optionsKind)
    {
        var errors = new List<FieldError>();
        if (Encoding.UTF8.GetByteCount(manager) > MaxLength)
        {
            errors.Add(FieldError.TooLong("fieldManager", MaxLength));
        }

        var position = 0;
        foreach (var rune in manager.EnumerateRunes())
        {
            if (!IsPrint(rune))
            {
                errors.Add(FieldError.Invalid("fieldManager", manager,
                    string.Create(CultureInfo.InvariantCulture, $"invalid character U+{rune.Value:X4} (at position {position})")));
            }

            position += rune.Utf8SequenceLength;
        }

        if (errors.Count > 0)
        {
            throw ApiErrors.InvalidOptions(optionsKind, errors);
        }
    }
}
