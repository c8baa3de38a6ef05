namespace AtRest.Cli.Commands.Run;

/// <summary>One Secret or ConfigMap that env vars or a volume are taken from.</summary>
/// <param name="Kind">Secret or ConfigMap.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name.</param>
internal sealed record SourceReference(SourceKind Kind, string Namespace, string Name)
{
    /// <summary>kubelet's spelling of the kind in its messages: <c>secret</c> or <c>configMap</c>.</summary>
    public string KindText => Kind == SourceKind.Secret ? "secret" : "configMap";

    /// <summary>The API's not-found message, as kubelet reports it: <c>secret "secret2" not found</c>.</summary>
    public string NotFoundMessage => $"{(Kind == SourceKind.Secret ? "secrets" : "configmaps")} \"{Name}\" not found";

    /// <inheritdoc />
    public override string ToString() => $"{KindText} {Namespace}/{Name}";
}
