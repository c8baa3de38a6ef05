namespace AtRest.Cli.Commands.Run;

/// <summary>The kinds of object a process can be given: the two kubelet projects into containers.</summary>
internal enum SourceKind
{
    /// <summary>A v1 Secret (<c>data</c>, base64 on the wire).</summary>
    Secret,

    /// <summary>A v1 ConfigMap (<c>data</c> strings and <c>binaryData</c>).</summary>
    ConfigMap,
}
