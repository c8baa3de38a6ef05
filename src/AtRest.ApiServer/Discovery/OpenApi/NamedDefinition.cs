using AtRest.ApiServer.Resources;
using AtRest.ApiServer.Resources.Schemas;

namespace AtRest.ApiServer.Discovery.OpenApi;

/// <summary>A definition as a document writes it: the schema and, for a kind or its list, its group-version-kind.</summary>
/// <param name="Definition">The schema.</param>
/// <param name="Kind">The registration when this is a kind's (or its list's) top-level schema.</param>
/// <param name="KindName">The kind it is served as (<c>Secret</c> or <c>SecretList</c>).</param>
internal sealed record NamedDefinition(SchemaDefinition Definition, KindRegistration? Kind, string? KindName);
