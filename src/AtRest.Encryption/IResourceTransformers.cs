namespace AtRest.Encryption;

/// <summary>The transformer chain configured for each resource by an <c>EncryptionConfiguration</c>.</summary>
public interface IResourceTransformers
{
    /// <summary>
    /// The chain for <paramref name="resource"/>; the bare identity transformer when no rule matches.
    /// Looked up on every call so that a reloaded configuration takes effect at once.
    /// </summary>
    IValueTransformer For(GroupResource resource);
}
