using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Tests;

public sealed class KubernetesObjectCodecTests
{
    [Fact]
    public void Protobuf_carries_the_class_type_even_when_kind_was_cleared()
    {
        var secret = new Secret { ApiVersion = "", Kind = "" };

        var back = KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(secret));

        Assert.Equal(("v1", "Secret"), (back.ApiVersion, back.Kind));
        Assert.IsType<Secret>(back);
    }

    [Fact]
    public void Deep_copy_is_independent_and_keeps_item_types()
    {
        var list = new NamespaceList();
        var ns = new Namespace();
        ns.Metadata.Name = "a";
        ns.Metadata.Labels["k"] = "v";
        ns.Spec.Finalizers.Add("kubernetes");
        list.Items.Add(ns);

        var copy = KubernetesObjectCodec.DeepCopy(list);
        copy.Items[0].Metadata.Labels["k"] = "changed";

        Assert.Equal("v", ns.Metadata.Labels["k"]);
        Assert.Equal(("v1", "Namespace", "kubernetes"), (copy.Items[0].ApiVersion, copy.Items[0].Kind, copy.Items[0].Spec.Finalizers[0]));
        Assert.Equal(KubernetesObjectCodec.EncodeJsonString(list), KubernetesObjectCodec.EncodeJsonString(KubernetesObjectCodec.DeepCopy(list)));
    }

    [Fact]
    public void Resources_are_handled_generically()
    {
        KubernetesObject[] objects = [new Secret(), new ConfigMap(), new Namespace()];

        foreach (var obj in objects)
        {
            var resource = Assert.IsAssignableFrom<KubernetesResource>(obj);
            resource.Metadata.Name = "n";
            var back = Assert.IsAssignableFrom<KubernetesResource>(KubernetesObjectCodec.DetectAndDecode(KubernetesObjectCodec.EncodeProtobuf(resource)));
            Assert.Equal(("n", obj.Kind), (back.Metadata.Name, back.Kind));
        }
    }

    [Fact]
    public void Yaml_to_json_bytes_serves_apply_patch_bodies()
    {
        var json = KubernetesObjectCodec.YamlToJsonBytes("apiVersion: v1\nkind: Secret\nstringData:\n  a: \"1\"\n"u8);

        Assert.Equal("""{"apiVersion":"v1","kind":"Secret","stringData":{"a":"1"}}""", System.Text.Encoding.UTF8.GetString(json));
    }
}
