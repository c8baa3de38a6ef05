using AtRest.ApiServer.Tables;
using AtRest.ApiServer.Validation;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Resources;

/// <summary>
/// core/v1 events: kube-apiserver's legacy event validation (<c>pkg/apis/core/validation/events.go</c>), the events
/// table of its printers and the event field selectors (<c>pkg/registry/core/event/strategy.go</c>), which
/// <c>kubectl describe</c> uses to find an object's events. events.k8s.io reuses these through <see cref="EventsV1Strategy"/>.
/// </summary>
internal sealed class EventStrategy : ResourceStrategy
{
    /// <summary>The most characters of <c>reportingInstance</c>, <c>action</c> and <c>reason</c> of a new-style event.</summary>
    public const int ShortFieldLimit = 128;

    /// <summary>The most characters of a new-style event's <c>message</c> (events.k8s.io <c>note</c>).</summary>
    public const int NoteLimit = 1024;

    // The field selectors kube's event registry supports, besides metadata.name and metadata.namespace.
    private static readonly HashSet<string> EventFields = new(StringComparer.Ordinal)
    {
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
        "reason", "reportingComponent", "source", "type",
    };

    /// <inheritdoc />
    public override KindRegistration Definition => Kinds.EventKind.Registration;

    /// <inheritdoc />
    public override Type ObjectType => typeof(Event);

    /// <inheritdoc />
    public override KubernetesList CreateList(IEnumerable<KubernetesResource> items)
    {
        var list = new EventList();
        list.Items.AddRange(items.Select(As<Event>));
        return list;
    }

    /// <inheritdoc />
    public override void PrepareForCreate(KubernetesResource obj) => As<Event>(obj);

    /// <inheritdoc />
    public override void PrepareForUpdate(KubernetesResource obj, KubernetesResource old) => As<Event>(obj);

    /// <inheritdoc />
    public override List<FieldError> Validate(KubernetesResource obj)
    {
        var e = As<Event>(obj);
        var errors = ObjectMetaRules.Validate(e.Metadata, namespaced: true, NameRules.IsValidPathSegmentName);
        errors.AddRange(LegacyRules(e));
        return errors;
    }

    /// <inheritdoc />
    public override List<FieldError> ValidateUpdate(KubernetesResource obj, KubernetesResource old)
    {
        var e = As<Event>(obj);
        var errors = ObjectMetaRules.ValidateUpdate(e.Metadata, As<Event>(old).Metadata);
        errors.AddRange(LegacyRules(e));
        return errors;
    }

    /// <inheritdoc />
    public override object[] ExtraCells(KubernetesResource obj) => Cells(As<Event>(obj), TimeProvider.System.GetUtcNow());

    /// <inheritdoc />
    public override bool SupportsField(string field) => base.SupportsField(field) || EventFields.Contains(field);

    /// <inheritdoc />
    public override string SelectableField(KubernetesResource obj, string field) => Field(As<Event>(obj), field) ?? base.SelectableField(obj, field);

    /// <summary>
    /// kube's <c>legacyValidateEvent</c>, which every event passes whatever API wrote it: the namespace must agree with
    /// the involved object's, and an event with <c>eventTime</c> (a new-style one) names its reporter, action and reason.
    /// </summary>
    public static List<FieldError> LegacyRules(Event e)
    {
        var errors = new List<FieldError>();
        var ns = e.Metadata.Namespace;
        var involvedNs = e.InvolvedObject.Namespace;
        if (e.EventTime is null)
        {
            var mismatch = involvedNs.Length == 0 ? ns is not ("" or "default") : ns != involvedNs;
            if (mismatch)
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }
        }
        else
        {
            if (involvedNs.Length == 0 && ns is not ("default" or "kube-system"))
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }

            if (e.ReportingComponent.Length == 0)
            {
                errors.Add(FieldError.Required("reportingController"));
            }

            errors.AddRange(LabelRules.IsQualifiedName(e.ReportingComponent).Select(m => FieldError.Invalid("reportingController", e.ReportingComponent, m)));
            RequiredShort(errors, "reportingInstance", e.ReportingInstance);
            RequiredShort(errors, "action", e.Action);
            RequiredShort(errors, "reason", e.Reason);
            if (e.Message.Length > NoteLimit)
            {
                errors.Add(FieldError.Invalid("message", "", $"can have at most {NoteLimit} characters"));
            }
        }

        return errors;
    }

    /// <summary>An event's value of a supported field selector, or null when <paramref name="field"/> is not an event field.</summary>
    public static string? Field(Event e, string field) => field switch
    {
        "involvedObject.kind" => e.InvolvedObject.Kind,
        "involvedObject.namespace" => e.InvolvedObject.Namespace,
        "involvedObject.name" => e.InvolvedObject.Name,
        "involvedObject.uid" => e.InvolvedObject.Uid,
        "involvedObject.apiVersion" => e.InvolvedObject.ApiVersion,
        "involvedObject.resourceVersion" => e.InvolvedObject.ResourceVersion,
        "involvedObject.fieldPath" => e.InvolvedObject.FieldPath,
        "reason" => e.Reason,
        "reportingComponent" => e.ReportingComponent,
        // kube falls back to the reporting controller for events that name no source component.
        "source" => e.Source.Component.Length > 0 ? e.Source.Component : e.ReportingComponent,
        "type" => e.Type,
        _ => null,
    };

    /// <summary>
    /// The row kube's printer makes (wide, as the server's Table always is): LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT,
    /// SOURCE, MESSAGE, FIRST SEEN, COUNT, NAME. A series counts and dates from its series; times default as kube's.
    /// </summary>
    public static object[] Cells(Event e, DateTimeOffset now)
    {
        var first = e.FirstTimestamp is { } firstTime ? Since(firstTime, now) : e.EventTime is { } eventTime ? Since(eventTime, now) : "<unknown>";
        var last = e.LastTimestamp is { } lastTime ? Since(lastTime, now) : first;
        var count = e.Count == 0 ? 1 : e.Count;
        if (e.Series is { } series)
        {
            last = series.LastObservedTime is { } observed ? Since(observed, now) : "<unknown>";
            count = series.Count;
        }

        var target = e.InvolvedObject.Name.Length > 0
            ? $"{e.InvolvedObject.Kind.ToLowerInvariant()}/{e.InvolvedObject.Name}"
            : e.InvolvedObject.Kind.ToLowerInvariant();
        return [last, e.Type, e.Reason, target, e.InvolvedObject.FieldPath, Source(e), e.Message.Trim(), first, count, e.Metadata.Name];
    }

    // kube's formatEventSource: the component (or reporting controller), then ", host" (or reporting instance) when set.
    private static string Source(Event e)
    {
        var component = e.Source.Component.Length > 0 ? e.Source.Component : e.ReportingComponent;
        var host = e.Source.Host.Length > 0 ? e.Source.Host : e.ReportingInstance;
        return component.Length == 0 ? "" : host.Length == 0 ? component : $"{component}, {host}";
    }

    private static string Since(KubernetesTime time, DateTimeOffset now) => HumanDuration.Format(now - time.ToDateTimeOffset());

    private static void RequiredShort(List<FieldError> errors, string field, string value)
    {
        if (value.Length == 0)
        {
            errors.Add(FieldError.Required(field));
        }

        if (value.Length > ShortFieldLimit)
        {
            errors.Add(FieldError.Invalid(field, "", $"can have at most {ShortFieldLimit} characters"));
        }
    }
}
