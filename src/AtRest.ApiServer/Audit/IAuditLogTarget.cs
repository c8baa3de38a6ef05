namespace AtRest.ApiServer.Audit;

/// <summary>Where the log backend writes event lines: a rotating file, or standard output for <c>--audit-log-path -</c>.</summary>
internal interface IAuditLogTarget : IDisposable
{
    /// <summary>Writes one line (with its newline) and flushes it.</summary>
    void Write(ReadOnlySpan<byte> line);
}
