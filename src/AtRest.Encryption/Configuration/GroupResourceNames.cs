namespace AtRest.Encryption.Configuration;

/// <summary>Resource-name parsing and printing as apimachinery and the encryption config code do it.</summary>
internal static class GroupResourceNames
{
    /// <summary>The <c>*.*</c> rule.</summary>
    public static readonly GroupResource AnyGroupAnyResource = new("*", "*");

    /// <summary><c>schema.ParseGroupResource</c>: split at the first dot; no dot means the core group.</summary>
    public static GroupResource Parse(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? new GroupResource("", name) : new GroupResource(name[(dot + 1)..], name[..dot]);
    }

    /// <summary><c>grYAMLString</c>: like <see cref="GroupResource.ToString"/> but the core wildcard prints as <c>*.</c>.</summary>
    public static string ToYamlString(GroupResource resource) =>
        resource.Group.Length == 0 && resource.Resource == "*" ? "*." : resource.ToString();
}
