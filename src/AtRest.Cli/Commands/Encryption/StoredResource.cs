using AtRest.Encryption;
using AtRest.Storage;

namespace AtRest.Cli.Commands.Encryption;

/// <summary>
/// The resource whose providers read or write the value at a storage key, for every command that takes <c>--key</c>
/// (<c>encryption encrypt/decrypt</c>, <c>decode</c>): <c>--resource</c> when given, else the resource
/// <see cref="StorageKeys"/> finds in the key, so that all of them pick the same provider list for the same key.
/// </summary>
internal static class StoredResource
{
    /// <summary>Resolves the resource.</summary>
    /// <param name="key">The full storage key, e.g. <c>/registry/minions/node-1</c>.</param>
    /// <param name="etcdPrefix">kube-apiserver's <c>--etcd-prefix</c>.</param>
    /// <param name="resourceOverride"><c>--resource</c>: <c>resource</c> or <c>resource.group</c>, e.g. <c>deployments.apps</c>.</param>
    /// <exception cref="ArgumentException">The prefix or the override is malformed, or the key is not an object key below the prefix.</exception>
    public static GroupResource Resolve(string key, string etcdPrefix, string? resourceOverride)
    {
        if (resourceOverride is not null)
        {
            // apimachinery's schema.ParseGroupResource: split at the first dot; no dot is the core group.
            var dot = resourceOverride.IndexOf('.', StringComparison.Ordinal);
            var resource = dot < 0 ? new GroupResource("", resourceOverride) : new GroupResource(resourceOverride[(dot + 1)..], resourceOverride[..dot]);
            return resource.Resource.Length > 0
                ? resource
                : throw new ArgumentException($"--resource \"{resourceOverride}\" names no resource; expected <resource>[.<group>], e.g. deployments.apps");
        }

        var keys = new StorageKeys(etcdPrefix);
        if (!key.StartsWith(keys.Prefix + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"--key \"{key}\" is not below --etcd-prefix \"{etcdPrefix}\"");
        }

        return keys.TryParseAnyResource(key, out var parsed, out var error)
            ? new GroupResource("", parsed.Resource)
            : throw new ArgumentException($"--key \"{key}\" is not an object key: {error}");
    }
}
