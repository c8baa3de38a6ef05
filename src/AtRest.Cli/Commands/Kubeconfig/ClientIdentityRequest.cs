using AtRest.Cli.Commands.Server;

namespace AtRest.Cli.Commands.Kubeconfig;

/// <summary>
/// The user, groups and lifetime <c>atrest kubeconfig</c> is asked to put in a client certificate, checked before
/// anything is issued. A name or group becomes an X.509 CN or O value, which RFC 5280 limits to 64 characters.
/// </summary>
/// <param name="User">The user name (CN).</param>
/// <param name="Groups">The groups (O values), in the order given.</param>
/// <param name="Lifetime">How long the certificate is valid.</param>
internal sealed record ClientIdentityRequest(string User, IReadOnlyList<string> Groups, TimeSpan Lifetime)
{
    /// <summary>The lifetime when <c>--expires</c> is not given (30 days).</summary>
    public const string DefaultExpires = "720h";

    private const int MaxNameLength = 64;

    /// <summary>The request, or the problems with it, each naming the flag and the value.</summary>
    public static ClientIdentityRequest? Validate(string? user, IReadOnlyList<string> groups, string expires, List<string> errors)
    {
        CheckName("--user", user, errors);
        foreach (var group in groups)
        {
            CheckName("--group", group, errors);
            if (group == "system:unauthenticated")
            {
                errors.Add("--group \"system:unauthenticated\" is the group of anonymous requests and cannot be given to a user");
            }
        }

        foreach (var repeated in groups.GroupBy(group => group, StringComparer.Ordinal).Where(same => same.Count() > 1))
        {
            errors.Add($"--group \"{repeated.Key}\" is given more than once");
        }

        var lifetime = GoDurationParser.Parse(expires);
        if (lifetime is null)
        {
            errors.Add($"invalid argument \"{expires}\" for \"--expires\" flag: time: invalid duration \"{expires}\"");
        }
        else if (lifetime <= TimeSpan.Zero)
        {
            errors.Add($"--expires {expires} must be positive");
        }

        return errors.Count == 0 ? new ClientIdentityRequest(user!, groups, lifetime!.Value) : null;
    }

    private static void CheckName(string flag, string? value, List<string> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add($"{flag} must not be empty");
        }
        else if (value.Length > MaxNameLength)
        {
            errors.Add($"{flag} \"{value[..16]}...\" is {value.Length} characters long; a certificate name holds at most {MaxNameLength}");
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add($"{flag} \"{System.Text.Json.JsonEncodedText.Encode(value)}\" contains a control character");
        }
        else if (value.Trim() != value)
        {
            errors.Add($"{flag} \"{value}\" starts or ends with white space");
        }
        else if (value.Contains(','))
        {
            // A comma would split the group in kube's token file and in most tools that print DNs.
            errors.Add($"{flag} \"{value}\" contains a comma");
        }
    }
}
