namespace AtRest.ApiServer.Resources.Schemas;

/// <summary>A named schema of the OpenAPI <c>definitions</c> (v2) or <c>components.schemas</c> (v3).</summary>
/// <param name="Name">The full Go type name kube uses, e.g. <c>io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta</c>.</param>
/// <param name="Schema">Its schema.</param>
internal sealed record SchemaDefinition(string Name, SchemaNode Schema);
