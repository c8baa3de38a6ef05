namespace AtRest.Tests.Shared.Fuzz;

/// <summary>The encoding a fuzz input imitates, which picks the structure-aware mutations applied to it.</summary>
public enum FuzzFormat
{
    /// <summary>JSON text.</summary>
    Json,

    /// <summary>YAML text.</summary>
    Yaml,

    /// <summary>Kubernetes protobuf: <c>k8s\0</c> + runtime.Unknown.</summary>
    Protobuf,
}
