namespace AtRest.ApiServer.Tests.Authorization;

/// <summary>
/// One line of <see cref="AuthorizationMatrixTable"/>: what <paramref name="User"/> may do to <paramref name="Resource"/>
/// in <paramref name="Scope"/> (a namespace; for <c>namespaces</c> the namespace object itself; empty for the
/// cluster-wide collection) on the object <paramref name="Name"/>. <paramref name="Allowed"/> lists the verbs kube allows,
/// space-separated; every other verb of <see cref="AuthorizationMatrixTable.VerbsFor"/> must be refused.
/// </summary>
public sealed record AuthorizationMatrixRow(string User, string Resource, string Scope, string Name, string Allowed)
{
    /// <summary>Whether <paramref name="verb"/> is in <see cref="Allowed"/>.</summary>
    public bool Allows(string verb) => Allowed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(verb, StringComparer.Ordinal);
}
