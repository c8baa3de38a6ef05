using System.Text.Json.Nodes;
using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Tests.Protobuf;

/// <summary>core/v1 Event in protobuf, the form kube-apiserver stores under <c>/registry/events/…</c> for both event APIs.</summary>
public sealed class EventProtobufTests
{
    [Theory]
    [MemberData(nameof(EventFixtures.Versions), MemberType = typeof(EventFixtures))]
    public void Fixture_pb_decodes_to_the_object_in_the_fixture_json(string version)
    {
        var decoded = Assert.IsType<Event>(KubernetesObjectCodec.DecodeProtobuf(EventFixtures.Core(version, "pb")));

        var expected = JsonNode.Parse(EventFixtures.Core(version, "json"));
        var actual = JsonNode.Parse(KubernetesObjectCodec.EncodeJson(decoded));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"decoded JSON differs:\n{actual}");
        Assert.Equal(10_000, decoded.EventTime!.Value.Nanos);
    }

    [Theory]
    [MemberData(nameof(EventFixtures.Versions), MemberType = typeof(EventFixtures))]
    public void Fixture_pb_reencodes_to_identical_bytes(string version)
    {
        var stored = EventFixtures.Core(version, "pb");

        var reencoded = KubernetesObjectCodec.EncodeProtobuf(KubernetesObjectCodec.DecodeProtobuf(stored));

        Assert.Equal(Convert.ToHexString(stored), Convert.ToHexString(reencoded));
    }

    [Theory]
    [MemberData(nameof(EventFixtures.Versions), MemberType = typeof(EventFixtures))]
    public void Fixture_json_encodes_to_the_fixture_pb_bytes(string version)
    {
        var obj = KubernetesObjectCodec.DecodeJson(EventFixtures.Core(version, "json"), strict: true);

        Assert.Equal(Convert.ToHexString(EventFixtures.Core(version, "pb")), Convert.ToHexString(KubernetesObjectCodec.EncodeProtobuf(obj)));
    }

    [Fact]
    public void Empty_event_writes_every_struct_and_string_as_go_does()
    {
        var hex = Convert.ToHexString(KubernetesObjectCodec.EncodeProtobuf(new Event()));

        // After metadata: involvedObject {7 empty strings}, reason "", message "", source {"" ""}, firstTimestamp {},
        // lastTimestamp {}, count 0, type "", eventTime {}, action "", reportingComponent "", reportingInstance "",
        // then the envelope's contentEncoding and contentType.
        Assert.EndsWith(
            "120E0A0012001A0022002A0032003A00" + "1A00" + "2200" + "2A040A001200" + "3200" + "3A00" + "4000" + "4A00" + "5200" + "6200" + "7200" + "7A00" + "1A002200",
            hex,
            StringComparison.Ordinal);
    }

    [Fact]
    public void List_round_trips_with_untyped_items()
    {
        var list = new EventList();
        var e = new Event { Reason = "Created", Count = 3, Series = new EventSeries { Count = 2 }, Related = new ObjectReference { Kind = "Secret" } };
        e.Metadata.Name = "x.1";
        list.Items.Add(e);

        var decoded = Assert.IsType<EventList>(KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(list)));

        var item = Assert.Single(decoded.Items);
        Assert.Equal(("", "x.1", "Created", 3), (item.Kind, item.Metadata.Name, item.Reason, item.Count));
        Assert.Equal(new EventSeries { Count = 2 }, item.Series);
        Assert.Equal(new ObjectReference { Kind = "Secret" }, item.Related);
    }
}
