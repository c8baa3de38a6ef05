using AtRest.Cli.Commands.Run;

namespace AtRest.Cli.Commands.Agent;

/// <summary>What a projections file asks <c>atrest agent</c> to keep up to date.</summary>
/// <param name="Kubeconfig">The file's <c>kubeconfig</c>, if any (the flag wins).</param>
/// <param name="Volumes">The volumes.</param>
/// <param name="RemoveOnDelete">Remove a volume's files when its object is deleted.</param>
internal sealed record AgentSettings(string? Kubeconfig, IReadOnlyList<VolumeProjection> Volumes, bool RemoveOnDelete);
