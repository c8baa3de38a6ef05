using System.Text.RegularExpressions;

namespace AtRest.ApiServer.Validation;

/// <summary>apimachinery's qualified-name and label-value rules, returning its messages.</summary>
internal static partial class LabelRules
{
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string QualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const int MaxNameLength = 63;

    /// <summary>Messages for a label or annotation key that is not a qualified name (<c>[prefix/]name</c>).</summary>
    public static List<string> IsQualifiedName(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    errors.AddRange(NameRules.IsDns1123Subdomain(parts[0]).Select(m => "prefix part " + m));
                }

                break;
            default:
                errors.Add("a qualified name " + NameRules.RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("name part " + NameRules.MaxLength(MaxNameLength));
        }

        if (name.Length > 0 && !QualifiedName().IsMatch(name))
        {
            errors.Add("name part " + NameRules.RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    /// <summary>Messages for a bad label value.</summary>
    public static List<string> IsValidLabelValue(string value)
    {
        var errors = new List<string>();
        if (value.Length > MaxNameLength)
        {
            errors.Add(NameRules.MaxLength(MaxNameLength));
        }

        if (!LabelValue().IsMatch(value))
        {
            errors.Add(NameRules.RegexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                LabelValueFormat, "MyValue", "my_value", "12345"));
        }

        return errors;
    }

    [GeneratedRegex("^" + QualifiedNameFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^" + LabelValueFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();
}
