using AtRest.ApiServer.Resources.Schemas;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>core/v1 <c>secrets</c>: encrypted at rest when the configuration says so.</summary>
internal static class SecretKind
{
    private static readonly SchemaDefinition SecretDefinition = new(
        "io.k8s.api.core.v1.Secret",
        Schema.Object(
            "Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.",
            SharedSchemas.ApiVersion,
            new("data", Schema.BytesMap("Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4")),
            new("immutable", Schema.Boolean("Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil. This is a beta field enabled by ImmutableEphemeralVolumes feature gate.")),
            SharedSchemas.Kind,
            SharedSchemas.Metadata,
            new("stringData", Schema.StringMap("stringData allows specifying non-binary secret data in string form. It is provided as a write-only convenience method. All keys and values are merged into the data field on write, overwriting any existing values. It is never output when reading from the API.")),
            new("type", Schema.String("Used to facilitate programmatic handling of secret data."))));

    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Secret",
        Resource = "secrets",
        SingularName = "secret",
        Namespaced = true,
        Verbs = KindVerbs.All,
        Columns =
        [
            new("Type", "string", "", "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
            new("Data", "string", "", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
        ],
        Schema = new(SecretDefinition, [])
        {
            ListDescription = "SecretList is a list of Secret.",
            ItemsDescription = "Items is a list of secret objects. More info: https://kubernetes.io/docs/concepts/configuration/secret",
        },
        Strategy = () => new SecretStrategy(),
    };
}
