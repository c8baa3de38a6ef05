using System.Text;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.ManagedFields;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Tests.ManagedFields;

/// <summary>
/// The entries kube-apiserver v1.20.2 records, checked against what it stored for the same writes (the interop
/// suite compares the two servers end to end; these pin each rule).
/// </summary>
public sealed class FieldManagerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_records_what_the_body_sets_after_decode_defaults()
    {
        var secret = Secret(("user", "admin"));

        var entries = FieldManager.Update(null, secret, "Secret", "kubectl-create", T0);

        var entry = Assert.Single(entries);
        Assert.Equal(("kubectl-create", "Update", "v1", "FieldsV1"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.FieldsType));
        Assert.Equal(new KubernetesTime(T0.ToUnixTimeSeconds(), 0), entry.Time);
        Assert.Equal("""{"f:data":{".":{},"f:user":{}},"f:type":{}}""", Fields(entry));
    }

    [Fact]
    public void A_namespace_create_owns_its_defaulted_phase_but_not_the_finalizer_the_strategy_adds()
    {
        var ns = new Namespace { Metadata = { Name = "team" } };

        var entry = Assert.Single(FieldManager.Update(null, ns, "Namespace", "kubectl-create", T0));

        Assert.Equal("""{"f:status":{"f:phase":{}}}""", Fields(entry));
    }

    [Fact]
    public void An_update_takes_changed_fields_from_others_and_a_removal_drops_an_empty_entry()
    {
        var live = Secret(("user", "admin"), ("pass", "x"));
        live.Metadata.ManagedFields = FieldManager.Update(null, live, "Secret", "kubectl-create", T0);

        var labelled = Copy(live);
        labelled.Metadata.Labels["team"] = "a";
        labelled.Metadata.ManagedFields = FieldManager.Update(live, labelled, "Secret", "kubectl-label", T0.AddSeconds(1));
        var replaced = Copy(labelled);
        replaced.Data["user"] = "root"u8.ToArray();
        replaced.Metadata.ManagedFields = [];
        replaced.Metadata.ManagedFields = FieldManager.Update(labelled, replaced, "Secret", "kubectl-replace", T0.AddSeconds(2));
        var unlabelled = Copy(replaced);
        unlabelled.Metadata.Labels.Clear();
        unlabelled.Metadata.ManagedFields = FieldManager.Update(replaced, unlabelled, "Secret", "kubectl-label", T0.AddSeconds(3));

        Assert.Equal(
            [
                ("kubectl-create", """{"f:data":{".":{},"f:pass":{}},"f:type":{}}"""),
                ("kubectl-replace", """{"f:data":{"f:user":{}}}"""),
            ],
            unlabelled.Metadata.ManagedFields.Select(e => (e.Manager, Fields(e))));
    }

    [Fact]
    public void An_update_that_changes_nothing_keeps_every_entry_and_time()
    {
        var live = Secret(("user", "admin"));
        live.Metadata.ManagedFields = FieldManager.Update(null, live, "Secret", "kubectl-create", T0);
        var same = Copy(live);

        var entries = FieldManager.Update(live, same, "Secret", "kubectl-replace", T0.AddHours(1));

        Assert.Equal(Describe(live.Metadata.ManagedFields), Describe(entries));
    }

    [Fact]
    public void Entries_of_the_same_second_sort_by_manager_and_appliers_come_first()
    {
        var live = ConfigMap(("k", "v"));
        live.Metadata.ManagedFields = FieldManager.Update(null, live, "ConfigMap", "z-create", T0);
        var annotated = Copy(live);
        annotated.Metadata.Annotations["note"] = "n";
        annotated.Metadata.ManagedFields = FieldManager.Update(live, annotated, "ConfigMap", "a-annotate", T0.AddMilliseconds(400));
        var (_, applied) = FieldManager.Apply(annotated, Config("""{"data":{"o":"1"}}"""), "ConfigMap", "m", force: false, T0.AddMilliseconds(800));

        Assert.Equal(["m", "a-annotate", "z-create"], applied.Select(e => e.Manager));
    }

    [Fact]
    public void Managed_fields_sent_with_an_update_replace_the_stored_ones_and_an_empty_list_keeps_them()
    {
        var live = ConfigMap(("k", "v"));
        live.Metadata.ManagedFields = FieldManager.Update(null, live, "ConfigMap", "kubectl-create", T0);
        var sent = Copy(live);
        sent.Metadata.ManagedFields = [new() { Manager = "someone", Operation = "Update", ApiVersion = "v1", FieldsType = "FieldsV1", FieldsV1 = """{"f:data":{"f:k":{}}}"""u8.ToArray() }];
        var omitted = Copy(live);
        omitted.Metadata.ManagedFields = [];

        Assert.Equal(["someone"], FieldManager.Update(live, sent, "ConfigMap", "kubectl-patch", T0).Select(e => e.Manager));
        Assert.Equal(["kubectl-create"], FieldManager.Update(live, omitted, "ConfigMap", "kubectl-replace", T0).Select(e => e.Manager));
    }

    [Fact]
    public void An_object_without_managed_fields_is_not_tracked_until_its_first_apply()
    {
        var live = ConfigMap(("k", "v"));
        var changed = ConfigMap(("k", "w"));

        Assert.Empty(FieldManager.Update(live, changed, "ConfigMap", "kubectl-replace", T0));

        var (_, entries) = FieldManager.Apply(live, Config("""{"data":{"o":"1"}}"""), "ConfigMap", "m", force: false, T0);
        Assert.Equal(
            [("m", "Apply", """{"f:data":{"f:o":{}}}"""), ("before-first-apply", "Update", """{"f:data":{".":{},"f:k":{}}}""")],
            entries.Select(e => (e.Manager, e.Operation, Fields(e))));
    }

    [Fact]
    public void An_apply_that_changes_a_field_another_manager_owns_is_a_conflict_naming_it()
    {
        var live = ConfigMap(("key", "1"));
        live.Metadata.ManagedFields = FieldManager.Update(null, live, "ConfigMap", "kubectl-client-side-apply", T0);

        var e = Assert.Throws<ApiException>(() => FieldManager.Apply(live, Config("""{"data":{"key":"2"}}"""), "ConfigMap", "mgr-b", force: false, T0));

        Assert.Equal((409, "Conflict"), (e.Code, e.Reason));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.key", e.Message);
        var cause = Assert.Single(e.Details!.Causes);
        Assert.Equal(("FieldManagerConflict", "conflict with \"kubectl-client-side-apply\" using v1", ".data.key"), (cause.Reason, cause.Message, cause.Field));
    }

    [Fact]
    public void Several_conflicts_are_grouped_by_manager_in_name_order()
    {
        var live = ConfigMap(("key", "1"));
        live.Metadata.ManagedFields = FieldManager.Update(null, live, "ConfigMap", "kubectl-create", T0);
        var (merged, entries) = FieldManager.Apply(live, Config("""{"metadata":{"labels":{"a":"b"}},"data":{"key":"2","o":"3"}}"""), "ConfigMap", "m1", force: true, T0);
        var forced = Decode(merged, entries);

        var e = Assert.Throws<ApiException>(() =>
            FieldManager.Apply(forced, Config("""{"metadata":{"labels":{"a":"c"}},"data":{"key":"4"}}"""), "ConfigMap", "m2", force: false, T0));

        Assert.Equal("Apply failed with 3 conflicts: conflicts with \"kubectl-create\" using v1:\n- .data.key\nconflicts with \"m1\":\n- .data.key\n- .metadata.labels.a", e.Message);
        Assert.Equal(3, e.Details!.Causes.Count);
    }

    [Fact]
    public void Force_takes_the_fields_and_co_owning_an_equal_value_is_no_conflict()
    {
        var live = ConfigMap(("key", "1"), ("k2", "x"));
        live.Metadata.ManagedFields = FieldManager.Update(null, live, "ConfigMap", "kubectl-client-side-apply", T0);

        var (merged, entries) = FieldManager.Apply(live, Config("""{"data":{"key":"2"}}"""), "ConfigMap", "mgr-b", force: true, T0.AddSeconds(1));
        var forced = Decode(merged, entries);
        var (_, shared) = FieldManager.Apply(forced, Config("""{"data":{"k2":"x"}}"""), "ConfigMap", "mgr-c", force: false, T0.AddSeconds(2));

        Assert.Equal("2", (string?)merged["data"]!["key"]);
        Assert.Equal(
            [("mgr-b", """{"f:data":{"f:key":{}}}"""), ("mgr-c", """{"f:data":{"f:k2":{}}}"""), ("kubectl-client-side-apply", """{"f:data":{".":{},"f:k2":{}}}""")],
            shared.Select(e => (e.Manager, Fields(e))));
    }

    [Fact]
    public void A_field_the_applier_stops_applying_goes_unless_another_manager_owns_it()
    {
        var live = ConfigMap();
        var (first, firstEntries) = FieldManager.Apply(null, Config("""{"metadata":{"labels":{"l":"v"}},"data":{"a":"1","b":"2"}}"""), "ConfigMap", "m", force: false, T0);
        var applied = Decode(first, firstEntries);
        var (shared, sharedEntries) = FieldManager.Apply(applied, Config("""{"data":{"b":"2"}}"""), "ConfigMap", "other", force: false, T0);
        var both = Decode(shared, sharedEntries);

        var (after, entries) = FieldManager.Apply(both, Config("""{"data":{"a":"1"}}"""), "ConfigMap", "m", force: false, T0.AddSeconds(1));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":"1","b":"2"}"""), after["data"]), after["data"]!.ToJsonString());
        Assert.Null(after["metadata"]!["labels"]?["l"]);
        Assert.Equal([("other", """{"f:data":{"f:b":{}}}"""), ("m", """{"f:data":{"f:a":{}}}""")], entries.Select(e => (e.Manager, Fields(e))));
        Assert.Empty(live.Metadata.ManagedFields);
    }

    [Fact]
    public void A_server_side_apply_by_kubectl_rewrites_the_last_applied_annotation()
    {
        var live = ConfigMap(("a", "1"));
        live.Metadata.Annotations[LastAppliedAnnotation.Name] = "{}\n";
        live.Metadata.ManagedFields = FieldManager.Update(null, live, "ConfigMap", "kubectl-client-side-apply", T0);

        var (merged, _) = FieldManager.Apply(live, Config("""{"data":{"a":"1","b":"<&>"}}"""), "ConfigMap", "kubectl", force: false, T0);

        Assert.Equal(
            "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1\",\"b\":\"\\u003c\\u0026\\u003e\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}\n",
            (string?)merged["metadata"]!["annotations"]![LastAppliedAnnotation.Name]);
    }

    [Fact]
    public void Kubectl_takes_over_without_conflict_what_its_client_side_apply_set_and_the_object_still_has()
    {
        var live = ClientSideApplied(("key", "one"), ("keep", "same"));

        var (merged, entries) = FieldManager.Apply(live, Config("""{"data":{"key":"two","keep":"same"}}"""), "ConfigMap", "kubectl", force: false, T0.AddSeconds(1));

        Assert.Equal("two", (string?)merged["data"]!["key"]);
        Assert.Equal(
            [("kubectl", """{"f:data":{"f:keep":{},"f:key":{}}}"""),
                ("kubectl-client-side-apply", """{"f:data":{".":{},"f:keep":{}},"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}}}""")],
            entries.Select(e => (e.Manager, Fields(e))));
    }

    [Fact]
    public void Only_kubectl_takes_over_and_only_fields_the_object_still_has_as_last_applied()
    {
        var live = ClientSideApplied(("key", "one"), ("keep", "same"));
        var other = Assert.Throws<ApiException>(() =>
            FieldManager.Apply(live, Config("""{"data":{"key":"two"}}"""), "ConfigMap", "mgr-b", force: false, T0.AddSeconds(1)));
        var patched = Copy(live);
        patched.Data["key"] = "patched";
        patched.Metadata.ManagedFields = FieldManager.Update(live, patched, "ConfigMap", "kubectl-patch", T0.AddSeconds(1));

        var changed = Assert.Throws<ApiException>(() =>
            FieldManager.Apply(patched, Config("""{"data":{"key":"three","keep":"changed"}}"""), "ConfigMap", "kubectl", force: false, T0.AddSeconds(2)));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.key", other.Message);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-patch\" using v1: .data.key", changed.Message);
    }

    [Fact]
    public void An_apply_that_leaves_the_object_as_it_was_keeps_the_applier_s_time_even_when_sets_move()
    {
        var (first, firstEntries) = FieldManager.Apply(null, Config("""{"data":{"a":"1","b":"2"}}"""), "ConfigMap", "m", force: false, T0);
        var (shared, sharedEntries) = FieldManager.Apply(Decode(first, firstEntries), Config("""{"data":{"b":"2"}}"""), "ConfigMap", "other", force: false, T0);

        // m stops applying b, which `other` still owns: the object stays the same, m's set shrinks.
        var (_, entries) = FieldManager.Apply(Decode(shared, sharedEntries), Config("""{"data":{"a":"1"}}"""), "ConfigMap", "m", force: false, T0.AddSeconds(5));

        var m = Assert.Single(entries, e => e.Manager == "m");
        Assert.Equal(("""{"f:data":{"f:a":{}}}""", new KubernetesTime(T0.ToUnixTimeSeconds(), 0)), (Fields(m), m.Time));
    }

    [Fact]
    public void Past_ten_updaters_the_oldest_merge_into_ancient_changes()
    {
        var live = ConfigMap(("k", "v"));
        live.Metadata.ManagedFields = FieldManager.Update(null, live, "ConfigMap", "kubectl-create", T0);
        for (var i = 0; i < 11; i++)
        {
            var next = Copy(live);
            next.Metadata.Labels[$"l{i}"] = "x";
            next.Metadata.ManagedFields = FieldManager.Update(live, next, "ConfigMap", $"m{i:00}", T0.AddSeconds(i + 1));
            live = next;
        }

        var entries = live.Metadata.ManagedFields;
        Assert.Equal(["ancient-changes", .. Enumerable.Range(2, 9).Select(i => $"m{i:00}")], entries.Select(e => e.Manager));
        Assert.Equal("""{"f:data":{".":{},"f:k":{}},"f:metadata":{"f:labels":{".":{},"f:l0":{},"f:l1":{}}}}""", Fields(entries[0]));
        Assert.Equal(T0.AddSeconds(2).ToUnixTimeSeconds(), entries[0].Time!.Value.Seconds);
    }

    [Fact]
    public void A_write_that_names_no_manager_is_recorded_as_unknown_and_rewriting_it_changes_nothing()
    {
        var live = ConfigMap(("k", "v"));
        live.Metadata.ManagedFields = FieldManager.Update(null, live, "ConfigMap", "", T0);
        var same = Copy(live);

        Assert.Equal(["unknown"], live.Metadata.ManagedFields.Select(e => e.Manager));
        Assert.Equal(Describe(live.Metadata.ManagedFields), Describe(FieldManager.Update(live, same, "ConfigMap", "", T0.AddHours(1))));
    }

    [Fact]
    public void An_apply_may_not_set_managed_fields()
    {
        var e = Assert.Throws<ApiException>(() =>
            FieldManager.Apply(null, Config("""{"metadata":{"managedFields":[]}}"""), "ConfigMap", "m", force: false, T0));

        Assert.Equal((400, "metadata.managedFields must be nil"), (e.Code, e.Message));
    }

    private static Secret Secret(params (string Key, string Value)[] data)
    {
        var secret = new Secret { Metadata = { Name = "s", Namespace = "ns" } };
        foreach (var (key, value) in data)
        {
            secret.Data[key] = Encoding.UTF8.GetBytes(value);
        }

        return secret;
    }

    private static ConfigMap ConfigMap(params (string Key, string Value)[] data)
    {
        var map = new ConfigMap { Metadata = { Name = "c", Namespace = "ns", Uid = "u-1" } };
        foreach (var (key, value) in data)
        {
            map.Data[key] = value;
        }

        return map;
    }

    // What `kubectl apply` (client-side) stores: the data, its last-applied annotation, kubectl-client-side-apply's entry.
    private static ConfigMap ClientSideApplied(params (string Key, string Value)[] data)
    {
        var live = ConfigMap(data);
        var config = Config("{}");
        config["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value)));
        live.Metadata.Annotations[LastAppliedAnnotation.Name] = config.ToJsonString() + "\n";
        live.Metadata.ManagedFields = FieldManager.Update(null, live, "ConfigMap", "kubectl-client-side-apply", T0);
        return live;
    }

    private static JsonObject Config(string body)
    {
        var config = JsonNode.Parse(body)!.AsObject();
        config["apiVersion"] = "v1";
        config["kind"] = "ConfigMap";
        var meta = config["metadata"] as JsonObject ?? new JsonObject();
        config.Remove("metadata");
        meta["name"] = "c";
        config["metadata"] = meta;
        return config;
    }

    private static T Copy<T>(T obj)
        where T : KubernetesResource => KubernetesObjectCodec.DeepCopy(obj);

    private static ConfigMap Decode(JsonObject merged, List<ManagedFieldsEntry> entries)
    {
        merged["metadata"]!["uid"] = "u-1";
        var map = KubernetesObjectCodec.DecodeJson<ConfigMap>(Encoding.UTF8.GetBytes(merged.ToJsonString()));
        map.Metadata.ManagedFields = entries;
        return map;
    }

    private static string Fields(ManagedFieldsEntry entry) => Encoding.UTF8.GetString(entry.FieldsV1!);

    private static List<string> Describe(IEnumerable<ManagedFieldsEntry> entries) =>
        [.. entries.Select(e => $"{e.Manager} {e.Operation} {e.Time} {Fields(e)}")];
}
