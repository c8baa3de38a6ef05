using AtRest.Encryption;
using AtRest.Storage;

namespace AtRest.ApiServer;

/// <summary>What the Kubernetes API needs from its host: where objects live and how they are encrypted.</summary>
public sealed class KubernetesApiOptions
{
    /// <summary>The revisioned key-value store that holds the objects (SQLite or etcd).</summary>
    public required IKeyValueStore Store { get; init; }

    /// <summary>The transformer chains of the loaded <c>EncryptionConfiguration</c>.</summary>
    public required IResourceTransformers Transformers { get; init; }

    /// <summary>The storage key prefix, as kube-apiserver's <c>--etcd-prefix</c>.</summary>
    public string EtcdPrefix { get; init; } = "/registry";

    /// <summary>
    /// The <c>minor</c> reported by <c>/version</c>. The kubectl dispatcher on PATH picks the bundled kubectl
    /// of the same minor, so this decides which kubectl talks to the server.
    /// </summary>
    public string MinorVersion { get; init; } = "32";

    /// <summary>How long events are kept, as kube-apiserver's <c>--event-ttl</c> (default 1 h): each write of an event expires after it.</summary>
    public TimeSpan EventTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The served kinds (tests add throwaway kinds here).</summary>
    internal Resources.KindRegistry Kinds { get; init; } = Resources.KindRegistry.BuiltIn;
}
