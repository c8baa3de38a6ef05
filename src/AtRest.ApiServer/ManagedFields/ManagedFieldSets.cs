using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.ManagedFields;

/// <summary>
/// Converts between an object's stored <c>managedFields</c> and <see cref="ManagerEntry"/> values, in kube-apiserver's
/// stored order: appliers before updaters, then oldest first, then by manager name. Times are stored to the second.
/// </summary>
internal static class ManagedFieldSets
{
    /// <summary>The entries of <paramref name="stored"/>.</summary>
    /// <exception cref="FormatException">An entry is not FieldsV1, has unparsable fields or repeats a manager.</exception>
    public static List<ManagerEntry> Decode(IReadOnlyList<ManagedFieldsEntry> stored)
    {
        var entries = new List<ManagerEntry>();
        foreach (var e in stored)
        {
            if (e.FieldsType != "FieldsV1")
            {
                throw new FormatException($"unsupported fieldsType {e.FieldsType} for manager {e.Manager}");
            }

            var set = FieldSet.FromFieldsV1(e.FieldsV1 is { Length: > 0 } raw ? raw : "{}"u8.ToArray());
            DateTimeOffset? time = e.Time is { } t ? DateTimeOffset.FromUnixTimeSeconds(t.Seconds) : null;
            var entry = new ManagerEntry(e.Manager, e.Operation, e.ApiVersion, set, time);
            if (entries.Any(entry.SameManager))
            {
                throw new FormatException($"duplicate entries for manager {e.Manager} ({e.Operation})");
            }

            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>The stored form of <paramref name="entries"/>, sorted as kube-apiserver sorts them.</summary>
    public static List<ManagedFieldsEntry> Encode(IEnumerable<ManagerEntry> entries) =>
        [.. entries
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time ?? DateTimeOffset.MinValue)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .Select(e => new ManagedFieldsEntry
            {
                Manager = e.Manager,
                Operation = e.Operation,
                ApiVersion = e.ApiVersion,
                Time = e.Time is { } t ? new KubernetesTime(t.ToUnixTimeSeconds(), 0) : null,
                FieldsType = "FieldsV1",
                FieldsV1 = e.Set.ToFieldsV1(),
            })];
}
