namespace AtRest.ApiServer.Tests.EndToEnd;

/// <summary>One row of the README's kubectl table: a shell command line, whether it is served, and for one that is not the error kubectl prints.</summary>
internal sealed record ReadmeCommandRow(string CommandLine, bool Served, string ExpectedError);
