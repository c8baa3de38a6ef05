using System.Text;
using AtRest.ApiServer.ManagedFields;

namespace AtRest.ApiServer.Tests.ManagedFields;

/// <summary>FieldsV1 read and written byte for byte as kube-apiserver stores it, and the set operations on it.</summary>
public sealed class FieldSetTests
{
    // As kube-apiserver v1.20.2 stored them for kubectl create/annotate/apply and an ownerReference.
    [Theory]
    [InlineData("""{"f:data":{".":{},"f:other":{}}}""")]
    [InlineData("""{"f:data":{}}""")]
    [InlineData("""{"f:data":{".":{},"f:a":{}},"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}}}""")]
    [InlineData("""{"f:metadata":{"f:finalizers":{".":{},"v:\"a.b/c\"":{},"v:\"kubernetes\"":{}},"f:ownerReferences":{".":{},"k:{\"uid\":\"u-1\"}":{".":{},"f:kind":{},"f:uid":{}}}}}""")]
    [InlineData("""{"f:status":{"f:phase":{}}}""")]
    public void FieldsV1_round_trips_byte_for_byte(string fieldsV1)
    {
        var set = FieldSet.FromFieldsV1(Encoding.UTF8.GetBytes(fieldsV1));

        Assert.Equal(fieldsV1, Encoding.UTF8.GetString(set.ToFieldsV1()));
    }

    [Fact]
    public void Keys_are_written_in_upstream_order_whatever_order_they_are_read_in()
    {
        var set = FieldSet.FromFieldsV1("""{"v:\"b\"":{},"k:{\"uid\":\"x\"}":{},"f:z":{},"f:a":{},"v:\"a\"":{}}"""u8.ToArray());

        Assert.Equal("""{"f:a":{},"f:z":{},"k:{\"uid\":\"x\"}":{},"v:\"a\"":{},"v:\"b\"":{}}""", set.ToString());
    }

    [Fact]
    public void Union_intersection_and_difference_work_on_paths()
    {
        var a = FieldSet.FromFieldsV1("""{"f:data":{".":{},"f:k1":{},"f:k2":{}}}"""u8.ToArray());
        var b = FieldSet.FromFieldsV1("""{"f:data":{"f:k2":{},"f:k3":{}},"f:type":{}}"""u8.ToArray());

        Assert.Equal("""{"f:data":{".":{},"f:k1":{},"f:k2":{},"f:k3":{}},"f:type":{}}""", a.Union(b).ToString());
        Assert.Equal("""{"f:data":{"f:k2":{}}}""", a.Intersection(b).ToString());
        Assert.Equal("""{"f:data":{".":{},"f:k1":{}}}""", a.Difference(b).ToString());
        Assert.Equal("""{"f:data":{}}""", a.Difference(FieldSet.FromFieldsV1("""{"f:data":{"f:k1":{},"f:k2":{}}}"""u8.ToArray())).ToString());
        Assert.True(a.Difference(a).IsEmpty);
        Assert.True(a.SetEquals(FieldSet.FromFieldsV1("""{"f:data":{"f:k2":{},".":{},"f:k1":{}}}"""u8.ToArray())));
    }

    [Fact]
    public void Paths_print_as_upstream_prints_them_in_conflicts()
    {
        var set = FieldSet.FromFieldsV1("""{"f:data":{"f:key":{}},"f:metadata":{"f:finalizers":{"v:\"x\"":{}},"f:ownerReferences":{"k:{\"uid\":\"u\"}":{}}}}"""u8.ToArray());

        Assert.Equal(
            [".data.key", ".metadata.finalizers[=\"x\"]", ".metadata.ownerReferences[uid=\"u\"]"],
            set.Paths().Select(ApplyConflicts.PathString));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"x:data":{}}""")]
    [InlineData("""{"f:data":1}""")]
    [InlineData("""{"f:data":""")]
    public void Malformed_FieldsV1_is_rejected_naming_the_problem(string fieldsV1)
    {
        var e = Assert.Throws<FormatException>(() => FieldSet.FromFieldsV1(Encoding.UTF8.GetBytes(fieldsV1)));

        Assert.StartsWith("FieldsV1 ", e.Message, StringComparison.Ordinal);
    }
}
