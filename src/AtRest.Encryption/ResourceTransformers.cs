using AtRest.Encryption.Transformers;

namespace AtRest.Encryption;

/// <summary>Ready-made <see cref="IResourceTransformers"/>.</summary>
public static class ResourceTransformers
{
    /// <summary>No encryption configured: every resource gets the encrypt-check identity transformer.</summary>
    public static IResourceTransformers IdentityOnly { get; } = new IdentityResourceTransformers();

    private sealed class IdentityResourceTransformers : IResourceTransformers
    {
        public IValueTransformer For(GroupResource resource) => IdentityTransformer.Instance;

        public override string ToString() => "identity only";
    }
}
