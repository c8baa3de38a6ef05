using System.Text.Json.Nodes;
using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Tests.Json;

/// <summary>core/v1 and events.k8s.io/v1 Event in JSON: upstream's fixtures round-trip and the two views convert.</summary>
public sealed class EventJsonTests
{
    [Theory]
    [MemberData(nameof(EventFixtures.Versions), MemberType = typeof(EventFixtures))]
    public void Core_fixture_json_round_trips_in_upstream_field_order(string version)
    {
        var text = System.Text.Encoding.UTF8.GetString(EventFixtures.Core(version, "json"));

        var encoded = KubernetesObjectCodec.EncodeJsonString(KubernetesObjectCodec.DecodeJson(text, strict: true), indented: true);

        Assert.Equal(Normalize(text), Normalize(encoded));
    }

    [Theory]
    [MemberData(nameof(EventFixtures.Versions), MemberType = typeof(EventFixtures))]
    public void Core_fixture_yaml_decodes_to_the_fixture_json(string version)
    {
        var decoded = KubernetesObjectCodec.DecodeYaml(EventFixtures.Core(version, "yaml"), strict: true);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(EventFixtures.Core(version, "json")), JsonNode.Parse(KubernetesObjectCodec.EncodeJson(decoded))));
    }

    [Theory]
    [MemberData(nameof(EventFixtures.Versions), MemberType = typeof(EventFixtures))]
    public void Events_v1_fixture_json_round_trips_in_upstream_field_order(string version)
    {
        var text = EventFixtures.EventsV1Json(version);

        var decoded = Assert.IsType<EventsV1Event>(KubernetesObjectCodec.DecodeJson(text, strict: true));

        Assert.Equal(Normalize(text), Normalize(KubernetesObjectCodec.EncodeJsonString(decoded, indented: true)));
    }

    [Fact]
    public void Events_v1_names_map_onto_the_stored_core_fields()
    {
        var view = Assert.IsType<EventsV1Event>(KubernetesObjectCodec.DecodeJson("""
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e","namespace":"default"},
             "eventTime":"2024-05-06T07:08:09.123456Z","reportingController":"ctl","reportingInstance":"i","action":"Do","reason":"Why",
             "regarding":{"kind":"Secret","name":"s"},"note":"words","type":"Warning","deprecatedSource":{"component":"c"},"deprecatedCount":4}
            """, strict: true));

        var core = view.ToCore();

        Assert.Equal(("e", "ctl", "i", "Do", "Why", "words", "Warning", "c", 4), (core.Metadata.Name, core.ReportingComponent, core.ReportingInstance, core.Action, core.Reason, core.Message, core.Type, core.Source.Component, core.Count));
        Assert.Equal(new ObjectReference { Kind = "Secret", Name = "s" }, core.InvolvedObject);
        Assert.Equal(123_456_000, core.EventTime!.Value.Nanos);
    }

    [Fact]
    public void Empty_core_event_writes_what_kube_apiserver_serves()
    {
        var e = new Event();
        e.Metadata.Name = "e";

        Assert.Equal(
            """{"kind":"Event","apiVersion":"v1","metadata":{"name":"e","creationTimestamp":null},"involvedObject":{},"source":{},"firstTimestamp":null,"lastTimestamp":null,"eventTime":null,"reportingComponent":"","reportingInstance":""}""",
            KubernetesObjectCodec.EncodeJsonString(e));
    }

    [Fact]
    public void Micro_time_shows_six_fractional_digits()
    {
        var e = new Event { EventTime = new KubernetesTime(1_700_000_000, 5_000) };

        Assert.Contains("\"eventTime\":\"2023-11-14T22:13:20.000005Z\"", KubernetesObjectCodec.EncodeJsonString(e), StringComparison.Ordinal);
    }

    // Compact, keeping the field order, so that only names, values and order are compared (not the indentation).
    private static string Normalize(string json) => JsonNode.Parse(json)!.ToJsonString();
}
