using System.Text.Json.Nodes;
using AtRest.ApiServer.Errors;
using AtRest.ApiServer.Patching;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// kube-apiserver 1.20's field manager for the kinds served here: it records who set which field.
/// <list type="bullet">
/// <item>An update (create, replace, every non-apply patch) gives its manager what it added or changed, takes that from
/// every other manager (updates never conflict), and takes removed fields from all; its entry's time moves only when
/// it took something. The request's own <c>managedFields</c>, when non-empty and valid, replace the stored ones
/// first; an object that has none and is not being created is not tracked until its first apply.</item>
/// <item>An apply merges the configuration into the live object, owns exactly the configuration's fields, removes map
/// entries and list items it applied last time and no manager owns now, and fails with a conflict (unless forced)
/// where it changes a field another manager owns.</item>
/// </list>
/// </summary>
internal static class FieldManager
{
    /// <summary>The manager that owns an untracked object's fields at its first apply.</summary>
    public const string BeforeFirstApply = "before-first-apply";

    /// <summary>The manager of a write that names none.</summary>
    public const string Unknown = "unknown";

    /// <summary>The version of the core kinds; a kind of another group records its own group version.</summary>
    public const string ApiVersion = "v1";

    /// <summary>
    /// The <c>managedFields</c> of <paramref name="updated"/> written by <paramref name="manager"/> over
    /// <paramref name="live"/> (null for a create). On entries that cannot be read, the result is empty, as upstream
    /// drops them rather than failing the write.
    /// </summary>
    public static List<ManagedFieldsEntry> Update(
        KubernetesResource? live, KubernetesResource updated, string kind, string manager, DateTimeOffset now, string apiVersion = ApiVersion)
    {
        try
        {
            var entries = TryDecode(updated.Metadata.ManagedFields) is { Count: > 0 } sent
                ? sent
                : ManagedFieldSets.Decode(live?.Metadata.ManagedFields ?? []);
            if (entries.Count == 0 && live is not null)
            {
                return [];
            }

            var schema = ServedKindSchemas.For(kind);
            var before = live is null ? new JsonObject { ["kind"] = kind } : FieldManagerView.Of(live);
            entries = Update(before, FieldManagerView.Of(updated), schema, entries, manager, now, apiVersion);
            return ManagedFieldSets.Encode(entries);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    /// <summary>
    /// Applies <paramref name="config"/> (the apply patch as JSON) by <paramref name="manager"/> to <paramref name="live"/>
    /// (null when the object does not exist): the merged object's JSON and the new entries. The applier's time moves
    /// only when the object changed or the applier is new, as in kube-apiserver 1.20. kubectl's apply takes over, without a
    /// conflict, the fields its client-side apply set (<see cref="LastAppliedAnnotation"/>).
    /// </summary>
    /// <exception cref="ApiException">409 on conflicts without <paramref name="force"/>; 400 for a patch that sets managedFields.</exception>
    public static (JsonObject Merged, List<ManagedFieldsEntry> Entries) Apply(
        KubernetesResource? live, JsonObject config, string kind, string manager, bool force, DateTimeOffset now, string apiVersion = ApiVersion)
    {
        if (config["metadata"] is JsonObject { } meta && meta.ContainsKey("managedFields"))
        {
            throw ApiErrors.BadRequest("metadata.managedFields must be nil");
        }

        var schema = ServedKindSchemas.For(kind);
        List<ManagerEntry> entries;
        try
        {
            entries = ManagedFieldSets.Decode(live?.Metadata.ManagedFields ?? []);
        }
        catch (FormatException e)
        {
            throw ApiErrors.Internal($"failed to decode managed fields: {e.Message}");
        }

        var liveJson = live is null ? new JsonObject { ["kind"] = kind } : FieldManagerView.Of(live);
        entries = GranularOwnership.Expand(entries, liveJson, schema);
        if (entries.Count == 0)
        {
            entries = Update(new JsonObject { ["kind"] = kind }, liveJson, schema, entries, BeforeFirstApply, now, apiVersion);
        }

        var merged = (JsonObject)StrategicMergePatch.Apply(liveJson.DeepClone(), config)!;
        var self = new ManagerEntry(manager, ManagerEntry.Apply, apiVersion, FieldSetExtractor.ToFieldSet(config, schema), null);
        var last = entries.FirstOrDefault(self.SameManager);
        entries = [.. entries.Where(e => !e.SameManager(self))];
        var ownedByAll = entries.Aggregate(self.Set, (all, e) => all.Union(e.Set));
        if (last is not null)
        {
            Prune(merged, schema, last.Set.Difference(ownedByAll));
        }

        FieldManagerView.ApplyDecodeDefaults(merged);
        var comparison = ObjectComparison.Of(liveJson, merged, schema);
        entries = TakeFromOthers(entries, comparison, force ? null : self, force ? null : LastAppliedAnnotation.AllowedConflicts(liveJson, schema, manager));
        var owned = self.Set.Difference(ServerOwnedFields.Set);
        if (!owned.IsEmpty)
        {
            // The applier's time moves only when the object changed: structured-merge-diff returns no object for an apply
            // that leaves it as it was, even when the managers' sets moved, and managedFieldsUpdater then keeps the time.
            var changed = !JsonNode.DeepEquals(liveJson, merged);
            entries.Add(self with { Set = owned, Time = changed || last is null ? now : last.Time });
        }

        LastAppliedAnnotation.Update(merged, config, manager);
        return (merged, ManagedFieldSets.Encode(entries));
    }

    private static List<ManagerEntry>? TryDecode(IReadOnlyList<ManagedFieldsEntry> stored)
    {
        try
        {
            return ManagedFieldSets.Decode(stored);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static List<ManagerEntry> Update(
        JsonObject before, JsonObject after, FieldSchema schema, List<ManagerEntry> entries, string manager, DateTimeOffset now, string apiVersion)
    {
        var formerEntries = entries;
        entries = GranularOwnership.Expand(entries, before, schema);
        var comparison = ObjectComparison.Of(before, after, schema);
        entries = TakeFromOthers(entries, comparison, conflictsFor: null, allowed: null);
        var taken = comparison.Modified.Union(comparison.Added).Difference(comparison.Removed).Difference(ServerOwnedFields.Set);
        if (taken.IsEmpty)
        {
            return UpdateManagerCap.Apply(entries);
        }

        // A request with neither fieldManager nor User-Agent is recorded as "unknown" (buildManagerInfo).
        var self = new ManagerEntry(manager.Length == 0 ? Unknown : manager, ManagerEntry.Update, apiVersion, taken, now);
        var former = formerEntries.FirstOrDefault(self.SameManager);
        var previous = entries.FirstOrDefault(self.SameManager);
        entries = [.. entries.Where(e => !e.SameManager(self))];
        var set = previous is null ? taken : taken.Union(previous.Set);

        // The time moves only when the manager's own set changed.
        entries.Add(self with { Set = set, Time = former is not null && former.Set.SetEquals(set) ? former.Time : now });
        return UpdateManagerCap.Apply(entries);
    }

    // Every manager loses what the change modified or added and what it removed; with `conflictsFor`, an apply that is
    // not forced fails instead when another manager owns a modified or added field outside `allowed` (the fields client-side
    // apply set, which kubectl's server-side apply takes over: upstream then applies again with force).
    private static List<ManagerEntry> TakeFromOthers(
        List<ManagerEntry> entries, ObjectComparison comparison, ManagerEntry? conflictsFor, FieldSet? allowed)
    {
        var changed = comparison.Modified.Union(comparison.Added);
        if (conflictsFor is not null)
        {
            var conflicts = entries
                .SelectMany(e => e.Set.Intersection(changed).Paths().Select(p => (e, p)))
                .Where(c => allowed is null || !allowed.Has(c.p))
                .ToList();
            if (conflicts.Count > 0)
            {
                throw ApplyConflicts.Error(conflicts);
            }
        }

        var result = new List<ManagerEntry>();
        foreach (var entry in entries)
        {
            var rest = entry.Set.Difference(changed).Difference(comparison.Removed);
            if (!rest.IsEmpty)
            {
                result.Add(entry with { Set = rest });
            }
        }

        return result;
    }

    // Removes the map entries and list items of `paths` from `obj`; struct fields stay and a map or list left empty stays
    // empty, as in structured-merge-diff v4.0.
    private static void Prune(JsonObject obj, FieldSchema schema, FieldSet paths)
    {
        foreach (var path in paths.Paths())
        {
            Remove(obj, schema, path, 0);
        }
    }

    private static void Remove(JsonNode? node, FieldSchema schema, IReadOnlyList<PathElement> path, int at)
    {
        var step = path[at];
        var last = at == path.Count - 1;
        switch (schema.Kind)
        {
            case FieldSchemaKind.Struct when node is JsonObject fields && step.FieldName is { } name:
                if (!last)
                {
                    Remove(fields[name], schema.FieldOrLeaf(name), path, at + 1);
                }

                break;
            case FieldSchemaKind.Map when node is JsonObject entries && step.FieldName is { } key:
                if (last)
                {
                    entries.Remove(key);
                }
                else
                {
                    Remove(entries[key], schema.Element!, path, at + 1);
                }

                break;
            case FieldSchemaKind.Set or FieldSchemaKind.KeyedList when node is JsonArray items:
                for (var i = items.Count - 1; i >= 0; i--)
                {
                    if (!ListItems.StepOf(items[i], schema).Equals(step))
                    {
                        continue;
                    }

                    if (last)
                    {
                        items.RemoveAt(i);
                    }
                    else
                    {
                        Remove(items[i], schema.Element!, path, at + 1);
                    }
                }

                break;
        }
    }
}
