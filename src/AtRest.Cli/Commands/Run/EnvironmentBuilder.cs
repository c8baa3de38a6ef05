using System.Text;

namespace AtRest.Cli.Commands.Run;

/// <summary>
/// kubelet's <c>makeEnvironmentVariables</c> for Secret and ConfigMap sources: <c>envFrom</c> entries first, in order,
/// then <c>env</c> entries, a later name replacing an earlier one. Missing objects or keys fail unless optional;
/// <c>envFrom</c> keys that are not valid names are skipped with kubelet's warning.
/// </summary>
internal static class EnvironmentBuilder
{
    /// <summary>The variables, or a <see cref="DeliveryException"/> naming the first unsatisfied reference.</summary>
    /// <param name="envFrom">The <c>--env-from</c> references.</param>
    /// <param name="env">The <c>--env</c> references.</param>
    /// <param name="objects">The current objects; null for one that does not exist.</param>
    /// <param name="strictNames">Use the name rule of kubelets before 1.32.</param>
    /// <param name="warn">Receives the skipped-keys warnings.</param>
    public static Dictionary<string, string> Build(
        IEnumerable<EnvFromReference> envFrom,
        IEnumerable<EnvReference> env,
        IReadOnlyDictionary<SourceReference, SourceObject?> objects,
        bool strictNames,
        Action<string> warn)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var from in envFrom)
        {
            if (objects.GetValueOrDefault(from.Source) is not { } source)
            {
                if (from.Optional)
                {
                    continue;
                }

                throw new DeliveryException($"--env-from {from.Text}: {from.Source.NotFoundMessage}");
            }

            var invalid = new List<string>();
            foreach (var (key, value) in source.Data)
            {
                var name = from.Prefix + key;
                if (!EnvVarNameRules.IsValid(name, strictNames))
                {
                    invalid.Add(name);
                    continue;
                }

                result[name] = Encoding.UTF8.GetString(value);
            }

            if (invalid.Count > 0)
            {
                invalid.Sort(StringComparer.Ordinal);
                warn($"Keys [{string.Join(", ", invalid)}] from the EnvFrom {from.Source.KindText} {from.Source.Namespace}/{from.Source.Name} "
                    + "were skipped since they are considered invalid environment variable names.");
            }
        }

        foreach (var reference in env)
        {
            if (objects.GetValueOrDefault(reference.Source) is not { } source)
            {
                if (reference.Optional)
                {
                    continue;
                }

                throw new DeliveryException($"--env {reference.Text}: {reference.Source.NotFoundMessage}");
            }

            if (!source.Data.TryGetValue(reference.Key, out var value))
            {
                if (reference.Optional)
                {
                    continue;
                }

                throw new DeliveryException($"--env {reference.Text}: couldn't find key {reference.Key} in "
                    + $"{(reference.Source.Kind == SourceKind.Secret ? "Secret" : "ConfigMap")} {reference.Source.Namespace}/{reference.Source.Name}");
            }

            result[reference.Name] = Encoding.UTF8.GetString(value);
        }

        return result;
    }
}
