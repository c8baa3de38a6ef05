using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Resources;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Tests.Resources;

/// <summary>
/// Events' rules as kube-apiserver's: legacy validation for core/v1, the strict events.k8s.io/v1 rules with kube's
/// messages, the field selectors <c>kubectl describe</c> uses, and the events table row.
/// </summary>
public sealed class EventStrategyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Core_event_must_be_in_its_involved_objects_namespace()
    {
        var e = Event("ns1", new ObjectReference { Kind = "Secret", Name = "s", Namespace = "ns2" });

        Assert.Equal(["involvedObject.namespace: Invalid value: \"ns2\": does not match event.namespace"], Messages(new EventStrategy().Validate(e)));
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("", true)]
    [InlineData("other", false)]
    public void Core_event_about_a_cluster_scoped_object_lives_in_default(string @namespace, bool valid)
    {
        var errors = EventStrategy.LegacyRules(Event(@namespace, new ObjectReference { Kind = "Namespace", Name = "n" }));

        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void New_style_core_event_names_its_reporter_action_and_reason()
    {
        var e = Event("default", new ObjectReference { Kind = "Secret", Name = "s", Namespace = "default" });
        e.EventTime = new KubernetesTime(1, 0);
        e.ReportingComponent = "Not Qualified!";
        e.Message = new string('m', EventStrategy.NoteLimit + 1);

        var messages = Messages(new EventStrategy().Validate(e));

        Assert.Contains(messages, m => m.StartsWith("reportingController: Invalid value: \"Not Qualified!\": name part must consist of alphanumeric characters", StringComparison.Ordinal));
        Assert.Contains("reportingInstance: Required value", messages);
        Assert.Contains("action: Required value", messages);
        Assert.Contains("reason: Required value", messages);
        Assert.Contains("message: Invalid value: \"\": can have at most 1024 characters", messages);
    }

    [Fact]
    public void Events_v1_requires_event_time_a_known_type_and_no_deprecated_fields()
    {
        var core = Event("default", new ObjectReference { Kind = "Secret", Name = "s", Namespace = "default" });
        core.Type = "Odd";
        core.Count = 3;
        core.FirstTimestamp = new KubernetesTime(1, 0);
        core.Source = new EventSource { Component = "c" };
        core.Series = new EventSeries { Count = 1 };

        var messages = Messages(new EventsV1Strategy().Validate(new EventsV1Event(core)));

        Assert.Equal(
            ["series.count: Invalid value: \"\": should be at least 2", "series.lastObservedTime: Required value", "eventTime: Required value",
             "type: Invalid value: \"\": has invalid value: Odd", "firstTimestamp: Invalid value: \"\": needs to be unset",
             "count: Invalid value: \"\": needs to be unset", "source: Invalid value: \"\": needs to be unset"],
            messages);
    }

    [Fact]
    public void Events_v1_update_keeps_everything_but_metadata_and_series()
    {
        var old = NewStyle();
        var updated = NewStyle();
        updated.Message = "changed";
        updated.Series = new EventSeries { Count = 2, LastObservedTime = new KubernetesTime(5, 0) };

        var messages = Messages(new EventsV1Strategy().ValidateUpdate(new EventsV1Event(updated), new EventsV1Event(old)));

        Assert.Equal(["message: Invalid value: \"\": field is immutable"], messages);
    }

    [Theory]
    [InlineData("involvedObject.kind", "Secret")]
    [InlineData("involvedObject.name", "s1")]
    [InlineData("involvedObject.namespace", "default")]
    [InlineData("involvedObject.uid", "u-1")]
    [InlineData("involvedObject.apiVersion", "v1")]
    [InlineData("involvedObject.resourceVersion", "7")]
    [InlineData("involvedObject.fieldPath", "data")]
    [InlineData("reason", "Why")]
    [InlineData("type", "Warning")]
    [InlineData("reportingComponent", "ctl")]
    [InlineData("source", "ctl")]
    [InlineData("metadata.name", "s1.1")]
    public void Core_field_selectors_are_kubes(string field, string value)
    {
        var strategy = new EventStrategy();

        Assert.True(strategy.SupportsField(field));
        Assert.Equal(value, strategy.SelectableField(Selectable(), field));
    }

    [Theory]
    [InlineData("regarding.name", "s1")]
    [InlineData("reportingController", "ctl")]
    [InlineData("involvedObject.uid", "u-1")]
    public void Events_v1_field_selectors_take_its_names_too(string field, string value) =>
        Assert.Equal(value, new EventsV1Strategy().SelectableField(new EventsV1Event(Selectable()), field));

    [Fact]
    public void Unknown_field_selector_is_kubes_bad_request()
    {
        var error = Assert.Throws<ApiException>(() => new EventStrategy().SelectableField(Selectable(), "note"));

        Assert.False(new EventStrategy().SupportsField("note"));
        Assert.Equal("field label not supported: note", error.Message);
    }

    [Fact]
    public void Table_row_is_kubes_wide_events_row()
    {
        var e = Selectable();
        e.FirstTimestamp = KubernetesTime.FromDateTimeOffset(Now.AddMinutes(-10));
        e.LastTimestamp = KubernetesTime.FromDateTimeOffset(Now.AddSeconds(-30));
        e.Count = 4;
        e.Message = "  it happened \n";
        e.Source = new EventSource { Component = "atrest", Host = "h1" };

        Assert.Equal(["30s", "Warning", "Why", "secret/s1", "data", "atrest, h1", "it happened", "10m", 4, "s1.1"], EventStrategy.Cells(e, Now));
    }

    [Fact]
    public void Table_row_of_a_series_counts_and_dates_from_the_series()
    {
        var e = Selectable();
        e.EventTime = KubernetesTime.FromDateTimeOffset(Now.AddHours(-2));
        e.Series = new EventSeries { Count = 9, LastObservedTime = KubernetesTime.FromDateTimeOffset(Now.AddMinutes(-1)) };

        var cells = EventStrategy.Cells(e, Now);

        Assert.Equal(("60s", "ctl", "120m", 9), (cells[0], cells[5], cells[7], cells[8]));
    }

    private static Event NewStyle()
    {
        var e = Event("default", new ObjectReference { Kind = "Secret", Name = "s", Namespace = "default" });
        e.EventTime = new KubernetesTime(1, 0);
        e.ReportingComponent = "example.com/ctl";
        e.ReportingInstance = "i-1";
        e.Action = "Check";
        e.Reason = "Checked";
        e.Type = "Normal";
        e.Message = "fine";
        return e;
    }

    private static Event Selectable()
    {
        var e = Event("default", new ObjectReference
        {
            Kind = "Secret", Name = "s1", Namespace = "default", Uid = "u-1", ApiVersion = "v1", ResourceVersion = "7", FieldPath = "data",
        });
        e.Metadata.Name = "s1.1";
        e.Reason = "Why";
        e.Type = "Warning";
        e.ReportingComponent = "ctl";
        return e;
    }

    private static Event Event(string @namespace, ObjectReference involved)
    {
        var e = new Event { InvolvedObject = involved };
        e.Metadata.Name = "e1";
        e.Metadata.Namespace = @namespace;
        return e;
    }

    private static List<string> Messages(IEnumerable<AtRest.ApiServer.Validation.FieldError> errors) => [.. errors.Select(e => e.ToString())];
}
