namespace AtRest.Cli.Commands.Run;

/// <summary>What <c>atrest run</c> was asked to do.</summary>
internal sealed record RunSettings
{
    /// <summary>The <c>--env</c> references.</summary>
    public required IReadOnlyList<EnvReference> Env { get; init; }

    /// <summary>The <c>--env-from</c> references.</summary>
    public required IReadOnlyList<EnvFromReference> EnvFrom { get; init; }

    /// <summary>The <c>--volume</c> projections.</summary>
    public required IReadOnlyList<VolumeProjection> Volumes { get; init; }

    /// <summary>CMD and its arguments.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Restart CMD when a variable's value changes.</summary>
    public bool RestartOnChange { get; init; }

    /// <summary>How long CMD has between SIGTERM and SIGKILL on a restart.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Remove a volume's files when its object is deleted.</summary>
    public bool RemoveOnDelete { get; init; }

    /// <summary>Leave the files in place when CMD exits.</summary>
    public bool Keep { get; init; }

    /// <summary>Use the <c>envFrom</c> name rule of kubelets before 1.32.</summary>
    public bool StrictEnvNames { get; init; }

    /// <summary>Every object referenced, once.</summary>
    public IReadOnlyList<SourceReference> Sources =>
        Env.Select(e => e.Source).Concat(EnvFrom.Select(e => e.Source)).Concat(Volumes.Select(v => v.Source)).Distinct().ToList();

    /// <summary>Whether a change of <paramref name="source"/> changes the environment.</summary>
    public bool FeedsEnvironment(SourceReference source) =>
        Env.Any(e => e.Source == source) || EnvFrom.Any(e => e.Source == source);
}
