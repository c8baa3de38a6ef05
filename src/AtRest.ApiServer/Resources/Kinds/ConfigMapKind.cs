using AtRest.ApiServer.Resources.Schemas;

namespace AtRest.ApiServer.Resources.Kinds;

/// <summary>core/v1 <c>configmaps</c>.</summary>
internal static class ConfigMapKind
{
    private static readonly SchemaDefinition ConfigMapDefinition = new(
        "io.k8s.api.core.v1.ConfigMap",
        Schema.Object(
            "ConfigMap holds configuration data for pods to consume.",
            SharedSchemas.ApiVersion,
            new("binaryData", Schema.BytesMap("BinaryData contains the binary data. Each key must consist of alphanumeric characters, '-', '_' or '.'. BinaryData can contain byte sequences that are not in the UTF-8 range. The keys stored in BinaryData must not overlap with the ones in the Data field, this is enforced during validation process. Using this field will require 1.10+ apiserver and kubelet.")),
            new("data", Schema.StringMap("Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.")),
            new("immutable", Schema.Boolean("Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil. This is a beta field enabled by ImmutableEphemeralVolumes feature gate.")),
            SharedSchemas.Kind,
            SharedSchemas.Metadata));

    /// <summary>The registration.</summary>
    public static readonly KindRegistration Registration = new()
    {
        Group = "",
        Version = "v1",
        Kind = "ConfigMap",
        Resource = "configmaps",
        SingularName = "configmap",
        Namespaced = true,
        ShortNames = ["cm"],
        Verbs = KindVerbs.All,
        Columns =
        [
            new("Data", "string", "", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
        ],
        Schema = new(ConfigMapDefinition, [])
        {
            ListDescription = "ConfigMapList is a resource containing a list of ConfigMap objects.",
            ItemsDescription = "Items is the list of ConfigMaps.",
        },
        Strategy = () => new ConfigMapStrategy(),
    };
}
