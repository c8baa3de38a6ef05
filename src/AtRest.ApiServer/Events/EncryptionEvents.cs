using System.Collections.Concurrent;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Events;

/// <summary>
/// The events operators must see about encryption at rest: a configuration reloaded (Normal) or rejected (Warning),
/// both about the server (kube-apiserver's own events name namespace <c>kube-system</c> and are recorded in
/// <c>default</c>), and an object no provider can decrypt (Warning, about that object, in its namespace). A failing
/// object is reported once per configuration: a reload may have fixed (or caused) it. Those reports share a token
/// bucket (<see cref="Burst"/>, then one per <see cref="RefillInterval"/>) so a LIST over thousands of unreadable
/// objects cannot flood the event store; an object skipped by the limit is reported at a later read. Messages name the
/// key and the provider's reason, never a value or key material.
/// </summary>
internal sealed class EncryptionEvents(EventRecorder recorder, TimeProvider time)
{
    /// <summary>Decryption-failure events that may be recorded at once.</summary>
    public const int Burst = 25;

    /// <summary>How often one more decryption-failure event may be recorded once the burst is spent.</summary>
    public static readonly TimeSpan RefillInterval = TimeSpan.FromSeconds(10);

    private static readonly ObjectReference Server = new() { Kind = "Namespace", Name = "kube-system", ApiVersion = "v1" };

    private readonly ConcurrentDictionary<string, byte> reported = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private double tokens = Burst;
    private DateTimeOffset refilled = time.GetUtcNow();

    /// <summary>A new configuration is serving; every object may be reported again.</summary>
    public void ConfigurationReloaded(string path, string hash)
    {
        reported.Clear();
        recorder.Record("default", Server, "Normal", "EncryptionConfigReloaded", $"loaded new encryption config from {path} ({hash})");
    }

    /// <summary>A changed configuration file was refused; the old configuration keeps serving.</summary>
    public void ConfigurationRejected(string message) =>
        recorder.Record("default", Server, "Warning", "EncryptionConfigRejected", message);

    /// <summary>An object's stored value could not be decrypted (or decoded) under the configuration serving.</summary>
    /// <param name="involved">The object (kind, apiVersion, namespace, name).</param>
    /// <param name="key">The storage key.</param>
    /// <param name="why">The reason, as the 500 the read answered gives it.</param>
    public void DecryptionFailed(ObjectReference involved, string key, string why)
    {
        if (!reported.TryAdd(key, 0))
        {
            return;
        }

        if (!TryTake())
        {
            reported.TryRemove(key, out _);
            return;
        }

        var resource = involved.Namespace.Length == 0 ? involved.Name : $"{involved.Namespace}/{involved.Name}";
        recorder.Record(involved.Namespace.Length == 0 ? "default" : involved.Namespace, involved, "Warning", "DecryptionFailed",
            $"{involved.Kind} {resource} cannot be read under the encryption configuration serving (key {key}): {why}");
    }

    private bool TryTake()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            tokens = Math.Min(Burst, tokens + ((now - refilled) / RefillInterval));
            refilled = now;
            if (tokens < 1)
            {
                return false;
            }

            tokens--;
            return true;
        }
    }
}
