using AtRest.Encryption;

namespace AtRest.ApiServer.Observability;

/// <summary>Records <c>apiserver_storage_transformation_*</c> metrics around every transformer the inner set hands out.</summary>
internal sealed class InstrumentedResourceTransformers(IResourceTransformers inner, ApiServerMetrics metrics) : IResourceTransformers
{
    /// <inheritdoc />
    public IValueTransformer For(GroupResource resource) =>
        new InstrumentedValueTransformer(inner.For(resource), resource.ToString(), metrics);
}
