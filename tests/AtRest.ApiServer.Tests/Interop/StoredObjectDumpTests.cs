using AtRest.Tests.Shared;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// The interop byte comparison masks exactly what it says (uid, creation time, managedFields times) and nothing else:
/// shown on Kubernetes' own round-trip fixture, where every field is set.
/// </summary>
public sealed class StoredObjectDumpTests
{
    private static byte[] Fixture() => File.ReadAllBytes(SharedData.Path("k8s-fixtures", "HEAD", "core.v1.Secret.pb"));

    [Fact]
    public void Uid_creation_time_and_managed_fields_times_are_masked_and_every_other_field_is_shown()
    {
        var lines = StoredObjectDump.Lines(Fixture());

        Assert.Equal("magic k8s\\0", lines[0]);
        Assert.Contains("metadata.1 = \"nameValue\"", lines);
        Assert.Contains("metadata.4 = \"selfLinkValue\"", lines);
        Assert.Contains("metadata.uid = <uid>", lines);
        Assert.Contains("metadata.creationTimestamp = <time>", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("metadata.5 ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("metadata.8 ", StringComparison.Ordinal));
        var managedFields = Assert.Single(lines, line => line.StartsWith("metadata.managedFields ", StringComparison.Ordinal));
        Assert.Contains("4 = <time>", managedFields, StringComparison.Ordinal);
        Assert.Contains("1 = \"managerValue\"", managedFields, StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("metadata.9 = ", StringComparison.Ordinal)); // deletionTimestamp is compared
        Assert.Contains(lines, line => line.StartsWith("object.2 = ", StringComparison.Ordinal)); // data
    }

    [Fact]
    public void A_changed_data_byte_changes_the_lines()
    {
        var original = Fixture();
        var changed = (byte[])original.Clone();
        var at = original.AsSpan().IndexOf("dataKey"u8);
        Assert.True(at > 0);
        changed[at] = (byte)'D';

        Assert.NotEqual(StoredObjectDump.Lines(original), StoredObjectDump.Lines(changed));
    }
}
