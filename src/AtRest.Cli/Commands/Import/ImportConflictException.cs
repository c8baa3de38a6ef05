namespace AtRest.Cli.Commands.Import;

/// <summary>The dump's keys exist in the store (and <c>--overwrite</c> was not given), or changed during the import.</summary>
internal sealed class ImportConflictException(string message) : Exception(message);
