using AtRest.Encryption;

namespace AtRest.Cli.Commands.Encryption;

/// <summary>
/// Derives the resource from a storage key <c>&lt;prefix&gt;/&lt;resource&gt;/…</c>, with kube-apiserver's special
/// prefixes for core resources (<c>minions</c> = nodes, <c>services/specs</c>, <c>services/endpoints</c>, <c>controllers</c>).
/// </summary>
internal static class StorageKeyResource
{
    public static GroupResource? TryParse(string key, string etcdPrefix, out string error)
    {
        error = "";
        var prefix = etcdPrefix.TrimEnd('/') + "/";
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            error = $"key {key} does not start with the etcd prefix {prefix}";
            return null;
        }

        var segments = key[prefix.Length..].Split('/');
        if (segments.Length < 2 || segments[0].Length == 0 || segments[^1].Length == 0)
        {
            error = $"key {key} is not of the form {prefix}<resource>/[<namespace>/]<name>";
            return null;
        }

        var resource = segments[0] switch
        {
            "minions" => "nodes",
            "controllers" => "replicationcontrollers",
            "services" when segments[1] == "endpoints" => "endpoints",
            "services" when segments[1] == "specs" => "services",
            var other => other,
        };
        return new GroupResource("", resource);
    }
}
