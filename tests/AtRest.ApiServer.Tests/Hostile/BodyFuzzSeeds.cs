using System.Text;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>Valid request bodies for the body fuzzer: objects named as the URL names them, and patches of each type.</summary>
internal static class BodyFuzzSeeds
{
    public const string Namespace = "fuzz";
    public const string Target = "target";

    public static IReadOnlyList<KubernetesResource> Objects(string resource, string name) => resource switch
    {
        "secrets" =>
        [
            new Secret { Metadata = Meta(name, Namespace), Data = new(StringComparer.Ordinal) { ["user"] = "admin"u8.ToArray() }, Type = "Opaque" },
            new Secret { Metadata = Meta(name, Namespace), StringData = new(StringComparer.Ordinal) { ["pass"] = "12345678" }, Immutable = false },
        ],
        "configmaps" =>
        [
            new ConfigMap { Metadata = Meta(name, Namespace), Data = new(StringComparer.Ordinal) { ["game.properties"] = "lives=3\n" } },
            new ConfigMap { Metadata = Meta(name, Namespace), BinaryData = new(StringComparer.Ordinal) { ["blob"] = [0xde, 0xad] } },
        ],
        _ => [new Namespace { Metadata = Meta(name, "") }],
    };

    public static IEnumerable<byte[]> Json(string resource, string name) => Objects(resource, name).Select(o => KubernetesObjectCodec.EncodeJson(o));

    public static IEnumerable<byte[]> Yaml(string resource, string name) => Objects(resource, name).Select(o => Encoding.UTF8.GetBytes(KubernetesObjectCodec.EncodeYaml(o)));

    public static IEnumerable<byte[]> Protobuf(string resource, string name) => Objects(resource, name).Select(KubernetesObjectCodec.EncodeProtobuf);

    /// <summary>Merge and strategic merge patches, and JSON patches (every operation, including a copy of the whole object).</summary>
    public static IEnumerable<byte[]> Patches() =>
    [
        "{\"metadata\":{\"labels\":{\"app\":\"web\"},\"annotations\":{\"note\":\"x\"}}}"u8.ToArray(),
        "{\"data\":{\"k\":\"dmFsdWU=\"},\"metadata\":{\"labels\":null}}"u8.ToArray(),
        "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"a\":\"b\"}},{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"target\"}]"u8.ToArray(),
        "[{\"op\":\"copy\",\"from\":\"/metadata/name\",\"path\":\"/metadata/labels/n\"},{\"op\":\"move\",\"from\":\"/metadata/labels/n\",\"path\":\"/metadata/labels/m\"},{\"op\":\"remove\",\"path\":\"/metadata/labels/m\"}]"u8.ToArray(),
        "[{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":{\"x\":\"y\"}},{\"op\":\"copy\",\"from\":\"\",\"path\":\"/metadata/annotations/whole\"}]"u8.ToArray(),
    ];

    // Managed fields are the one client-set part of metadata with a time the server keeps.
    private static ObjectMeta Meta(string name, string @namespace) => new()
    {
        Name = name,
        Namespace = @namespace,
        Labels = new(StringComparer.Ordinal) { ["app"] = "fuzz" },
        Annotations = new(StringComparer.Ordinal) { ["note"] = "seed" },
        ManagedFields =
        [
            new ManagedFieldsEntry
            {
                Manager = "kubectl",
                Operation = "Update",
                ApiVersion = "v1",
                Time = new KubernetesTime(1_700_000_000, 0),
                FieldsType = "FieldsV1",
                FieldsV1 = "{\"f:metadata\":{\"f:labels\":{}}}"u8.ToArray(),
            },
        ],
    };
}
