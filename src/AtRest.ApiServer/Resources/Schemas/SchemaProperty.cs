namespace AtRest.ApiServer.Resources.Schemas;

/// <summary>One field of an object schema.</summary>
/// <param name="Name">The JSON field name.</param>
/// <param name="Schema">Its schema.</param>
internal sealed record SchemaProperty(string Name, SchemaNode Schema);
