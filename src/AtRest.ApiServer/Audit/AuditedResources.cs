using AtRest.ApiServer.Lifecycle;
using AtRest.Encryption;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// Which resources' bodies are sanitized before they are recorded: secrets always, and every resource a rule of the
/// encryption configuration in effect names (even with <c>identity</c>: naming it says its values matter), looked up per
/// request so that a reloaded configuration applies at once.
/// </summary>
internal sealed class AuditedResources(IResourceTransformers transformers)
{
    /// <summary>Whether <paramref name="group"/>/<paramref name="resource"/> holds values that must never be recorded.</summary>
    public bool HoldsSecretValues(string group, string resource)
    {
        if (group.Length == 0 && resource == "secrets")
        {
            return true;
        }

        var current = (IResourceTransformers?)CurrentConfiguration.Of(transformers) ?? transformers;
        var key = new GroupResource(group, resource);
        return !ReferenceEquals(current.For(key), ResourceTransformers.IdentityOnly.For(key));
    }
}
