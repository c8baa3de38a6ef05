namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// kube-apiserver keeps at most 10 updater entries (capManagersManager): past that, the oldest updaters (by time in
/// whole seconds, then name) are merged, per apiVersion, into one <c>ancient-changes</c> entry that takes the time of
/// the last one merged into it. Appliers are never merged.
/// </summary>
internal static class UpdateManagerCap
{
    /// <summary>The most updater entries an object keeps.</summary>
    public const int MaxUpdateManagers = 10;

    /// <summary>The name of the merged entry.</summary>
    public const string AncientChanges = "ancient-changes";

    /// <summary><paramref name="entries"/> with the oldest updaters merged when there are too many.</summary>
    public static List<ManagerEntry> Apply(List<ManagerEntry> entries)
    {
        var updaters = entries.Where(e => !e.Applied)
            .OrderBy(e => e.Time?.ToUnixTimeSeconds() ?? 0)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ToList();
        if (updaters.Count <= MaxUpdateManagers)
        {
            return entries;
        }

        var result = entries.ToList();
        var firstOfVersion = new Dictionary<string, ManagerEntry>(StringComparer.Ordinal);
        var count = updaters.Count;
        for (var i = 0; i < updaters.Count && count > MaxUpdateManagers; i++)
        {
            var entry = updaters[i];
            if (!firstOfVersion.TryGetValue(entry.ApiVersion, out var first))
            {
                firstOfVersion[entry.ApiVersion] = entry;
                continue;
            }

            var key = new ManagerEntry(AncientChanges, ManagerEntry.Update, entry.ApiVersion, new FieldSet(), null);
            var bucket = result.FirstOrDefault(key.SameManager);
            if (bucket is null)
            {
                result.Remove(first);
                bucket = key with { Set = first.Set, Time = first.Time };
            }
            else
            {
                result.Remove(bucket);
            }

            result.Remove(entry);
            result.Add(bucket with { Set = entry.Set.Union(bucket.Set), Time = entry.Time });
            count--;
        }

        return result;
    }
}
