namespace AtRest.ApiServer.Audit;

/// <summary>Where the log backend writes event lines: a rotating file, or standard output for <c>--audit-log-path -</c>.</summary>
internal interface IAuditLogTarget : IDisposable
{
    /// <summary>Writes one line (with its newline); it may stay buffered until <see cref="Flush"/>.</summary>
    void Write(ReadOnlySpan<byte> line);

    /// <summary>Hands every buffered line to the operating system.</summary>
    void Flush();
}
