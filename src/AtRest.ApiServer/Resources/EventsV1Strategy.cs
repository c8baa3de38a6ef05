using AtRest.ApiServer.Validation;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Resources;

/// <summary>
/// events.k8s.io/v1 events: the legacy rules of <see cref="EventStrategy"/> plus kube's strict rules for this API
/// (<c>ValidateEventCreate</c>/<c>ValidateEventUpdate</c> for events.k8s.io/v1): a DNS subdomain name, <c>eventTime</c>
/// and a Normal or Warning <c>type</c> required, the deprecated fields left unset, a valid series, and on update every
/// field but the series and metadata immutable. Field paths name the stored core fields, as kube's messages do.
/// </summary>
internal sealed class EventsV1Strategy : ResourceStrategy
{
    private const string Unset = "needs to be unset";
    private const string ImmutableDetail = "field is immutable";

    /// <inheritdoc />
    public override KindRegistration Definition => Kinds.EventsV1Kind.Registration;

    /// <inheritdoc />
    public override Type ObjectType => typeof(EventsV1Event);

    /// <inheritdoc />
    public override KubernetesList CreateList(IEnumerable<KubernetesResource> items)
    {
        var list = new EventsV1EventList();
        list.Items.AddRange(items.Select(As<EventsV1Event>));
        return list;
    }

    /// <inheritdoc />
    public override void PrepareForCreate(KubernetesResource obj) => As<EventsV1Event>(obj);

    /// <inheritdoc />
    public override void PrepareForUpdate(KubernetesResource obj, KubernetesResource old) => As<EventsV1Event>(obj);

    /// <inheritdoc />
    public override List<FieldError> Validate(KubernetesResource obj)
    {
        var e = As<EventsV1Event>(obj).ToCore();
        var errors = EventStrategy.LegacyRules(e);
        errors.AddRange(ObjectMetaRules.Validate(e.Metadata, namespaced: true, NameRules.IsDns1123Subdomain));
        errors.AddRange(SeriesRules(e));
        if (e.EventTime is null)
        {
            errors.Add(FieldError.Required("eventTime"));
        }

        if (e.Type is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.Invalid("type", "", $"has invalid value: {e.Type}"));
        }

        if (e.FirstTimestamp is not null)
        {
            errors.Add(FieldError.Invalid("firstTimestamp", "", Unset));
        }

        if (e.LastTimestamp is not null)
        {
            errors.Add(FieldError.Invalid("lastTimestamp", "", Unset));
        }

        if (e.Count != 0)
        {
            errors.Add(FieldError.Invalid("count", "", Unset));
        }

        if (e.Source != new EventSource())
        {
            errors.Add(FieldError.Invalid("source", "", Unset));
        }

        return errors;
    }

    /// <inheritdoc />
    public override List<FieldError> ValidateUpdate(KubernetesResource obj, KubernetesResource old)
    {
        var e = As<EventsV1Event>(obj).ToCore();
        var previous = As<EventsV1Event>(old).ToCore();
        var errors = EventStrategy.LegacyRules(e);
        errors.AddRange(ObjectMetaRules.ValidateUpdate(e.Metadata, previous.Metadata));
        if (e.Series != previous.Series)
        {
            errors.AddRange(SeriesRules(e));
        }

        Immutable(errors, "involvedObject", e.InvolvedObject == previous.InvolvedObject);
        Immutable(errors, "reason", e.Reason == previous.Reason);
        Immutable(errors, "message", e.Message == previous.Message);
        Immutable(errors, "source", e.Source == previous.Source);
        Immutable(errors, "firstTimestamp", e.FirstTimestamp == previous.FirstTimestamp);
        Immutable(errors, "lastTimestamp", e.LastTimestamp == previous.LastTimestamp);
        Immutable(errors, "count", e.Count == previous.Count);
        Immutable(errors, "type", e.Type == previous.Type);
        Immutable(errors, "eventTime", e.EventTime == previous.EventTime);
        Immutable(errors, "action", e.Action == previous.Action);
        Immutable(errors, "related", e.Related == previous.Related);
        Immutable(errors, "reportingController", e.ReportingComponent == previous.ReportingComponent);
        Immutable(errors, "reportingInstance", e.ReportingInstance == previous.ReportingInstance);
        return errors;
    }

    /// <inheritdoc />
    public override object[] ExtraCells(KubernetesResource obj) => EventStrategy.Cells(As<EventsV1Event>(obj).ToCore(), TimeProvider.System.GetUtcNow());

    /// <inheritdoc />
    public override bool SupportsField(string field) => new EventStrategy().SupportsField(CoreField(field));

    /// <inheritdoc />
    public override string SelectableField(KubernetesResource obj, string field) =>
        EventStrategy.Field(As<EventsV1Event>(obj).ToCore(), CoreField(field)) ?? base.SelectableField(obj, field);

    // events.k8s.io's field labels name the core fields under their events.k8s.io names.
    private static string CoreField(string field) => field switch
    {
        "reportingController" => "reportingComponent",
        _ when field.StartsWith("regarding.", StringComparison.Ordinal) => "involvedObject." + field["regarding.".Length..],
        _ => field,
    };

    private static List<FieldError> SeriesRules(Event e)
    {
        var errors = new List<FieldError>();
        if (e.Series is { } series)
        {
            if (series.Count < 2)
            {
                errors.Add(FieldError.Invalid("series.count", "", "should be at least 2"));
            }

            if (series.LastObservedTime is null)
            {
                errors.Add(FieldError.Required("series.lastObservedTime"));
            }
        }

        return errors;
    }

    private static void Immutable(List<FieldError> errors, string field, bool unchanged)
    {
        if (!unchanged)
        {
            errors.Add(FieldError.Invalid(field, "", ImmutableDetail));
        }
    }
}
