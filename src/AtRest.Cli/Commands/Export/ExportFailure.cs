namespace AtRest.Cli.Commands.Export;

/// <summary>A stored value that could not be exported: its key and why (never its value).</summary>
internal sealed record ExportFailure(string Key, string Reason);
