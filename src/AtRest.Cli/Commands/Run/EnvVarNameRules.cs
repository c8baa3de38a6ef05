using System.Text.RegularExpressions;

namespace AtRest.Cli.Commands.Run;

/// <summary>
/// Which <c>envFrom</c> keys kubelet turns into variables. Since Kubernetes 1.32 (feature gate
/// RelaxedEnvironmentVariableValidation, beta; GA in 1.34) any printable ASCII name without '=' is accepted;
/// before, names had to match <c>[-._a-zA-Z][-._a-zA-Z0-9]*</c> and not start with "..".
/// </summary>
internal static partial class EnvVarNameRules
{
    /// <summary>Whether <paramref name="name"/> may be a variable's name under the chosen rule.</summary>
    public static bool IsValid(string name, bool strict) => strict ? IsStrictName(name) : IsRelaxedName(name);

    private static bool IsRelaxedName(string name) => name.Length > 0 && name.All(c => c is >= ' ' and <= '~' and not '=');

    private static bool IsStrictName(string name) =>
        StrictName().IsMatch(name) && name is not ("." or "..") && !name.StartsWith("..", StringComparison.Ordinal);

    [GeneratedRegex(@"^[-._a-zA-Z][-._a-zA-Z0-9]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex StrictName();
}
