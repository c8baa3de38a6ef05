using System.Text;
using AtRest.Kubernetes.Model;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.Kubernetes.Tests.Fuzz;

/// <summary>
/// Valid documents to mutate: every supported kind with every field set (maps, lists, times, owner references,
/// managed fields, binary data), plus the bare minimum a client sends, in the three encodings; the RBAC kinds with
/// rules, names, URLs, subjects of each kind and an aggregation rule.
/// </summary>
internal static class FuzzSeeds
{
    public static IReadOnlyList<KubernetesObject> Objects { get; } = Build();

    public static IEnumerable<byte[]> Json => Objects.Select(o => KubernetesObjectCodec.EncodeJson(o, indented: o is Namespace));

    public static IEnumerable<byte[]> Yaml => Objects.Select(o => Encoding.UTF8.GetBytes(KubernetesObjectCodec.EncodeYaml(o)));

    public static IEnumerable<byte[]> Protobuf => Objects.Select(KubernetesObjectCodec.EncodeProtobuf);

    private static List<KubernetesObject> Build()
    {
        var secret = new Secret
        {
            Metadata = FullMeta("s1"),
            Data = new(StringComparer.Ordinal) { ["user"] = "admin"u8.ToArray(), ["bin"] = [0, 1, 2, 0xff], ["empty"] = [] },
            StringData = new(StringComparer.Ordinal) { ["pass"] = "12345678", ["unicode"] = "ü€😀" },
            Type = "Opaque",
            Immutable = true,
        };
        var configMap = new ConfigMap
        {
            Metadata = FullMeta("c1"),
            Data = new(StringComparer.Ordinal) { ["game.properties"] = "lives=3\nenemies=aliens\n", ["yes"] = "no", ["n"] = "0x1F" },
            BinaryData = new(StringComparer.Ordinal) { ["blob"] = [0xde, 0xad, 0xbe, 0xef] },
            Immutable = false,
        };
        var ns = new Namespace { Metadata = FullMeta("n1") };
        ns.Metadata.Namespace = "";
        ns.Spec.Finalizers.Add("kubernetes");
        ns.Status.Phase = "Terminating";
        ns.Status.Conditions.Add(new NamespaceCondition
        {
            Type = "NamespaceDeletionDiscoveryFailure",
            Status = "False",
            LastTransitionTime = new KubernetesTime(1_700_000_000, 0),
            Reason = "ResourcesDiscovered",
            Message = "All resources successfully discovered",
        });
        var minimal = new Secret { Metadata = new ObjectMeta { Name = "m" }, Data = new(StringComparer.Ordinal) { ["k"] = "v"u8.ToArray() } };
        var status = new Status
        {
            State = "Failure",
            Message = "secrets \"x\" not found",
            Reason = "NotFound",
            Code = 404,
            Details = new StatusDetails { Name = "x", Kind = "secrets", Causes = [new StatusCause { Reason = "FieldValueInvalid", Message = "bad", Field = "metadata.name" }] },
        };
        var list = new SecretList { Metadata = new ListMeta { ResourceVersion = "42", Continue = "abc", RemainingItemCount = 3 }, Items = [minimal] };
        var clusterRole = new ClusterRole
        {
            Metadata = FullMeta("view"),
            Rules = [PolicyRule.ForNames(["get", "list"], ["", "apps"], ["secrets", "*/status"], ["db"]), PolicyRule.ForUrls(["get"], ["/healthz", "/apis/*"])],
            AggregationRule = new AggregationRule
            {
                ClusterRoleSelectors =
                [
                    new LabelSelector
                    {
                        MatchLabels = new(StringComparer.Ordinal) { ["rbac.authorization.k8s.io/aggregate-to-view"] = "true" },
                        MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "In", Values = ["a", "b"] }],
                    },
                ],
            },
        };
        clusterRole.Metadata.Namespace = "";
        var binding = new RoleBinding
        {
            Metadata = FullMeta("b1"),
            RoleRef = RoleRef.ToClusterRole("view"),
            Subjects = [Subject.User("alice"), Subject.Group("devs"), Subject.ServiceAccount("default", "app")],
        };
        return [secret, configMap, ns, minimal, status, list, new ConfigMapList { Items = [configMap] }, new NamespaceList { Items = [ns] },
            clusterRole, binding, new RoleBindingList { Items = [binding] }];
    }

    private static ObjectMeta FullMeta(string name) => new()
    {
        Name = name,
        GenerateName = name + "-",
        Namespace = "default",
        SelfLink = "/api/v1/namespaces/default/x/" + name,
        Uid = "0b6a4e7c-5c8e-4f5e-9a3e-3c1f2b9d8e7a",
        ResourceVersion = "12345",
        Generation = 7,
        CreationTimestamp = new KubernetesTime(1_700_000_000, 0),
        DeletionTimestamp = new KubernetesTime(1_700_000_100, 0),
        DeletionGracePeriodSeconds = 30,
        Labels = new(StringComparer.Ordinal) { ["app"] = "web", ["tier"] = "true" },
        Annotations = new(StringComparer.Ordinal) { ["note"] = "a: b", ["empty"] = "" },
        OwnerReferences =
        [
            new OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "d", Uid = "u-1", Controller = true, BlockOwnerDeletion = false },
        ],
        Finalizers = ["example.com/f"],
        ManagedFields =
        [
            new ManagedFieldsEntry
            {
                Manager = "kubectl",
                Operation = "Update",
                ApiVersion = "v1",
                Time = new KubernetesTime(1_700_000_000, 0),
                FieldsType = "FieldsV1",
                FieldsV1 = "{\"f:data\":{\".\":{},\"f:user\":{}}}"u8.ToArray(),
            },
        ],
    };
}
