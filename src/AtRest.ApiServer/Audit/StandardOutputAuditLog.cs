using System.Text;

namespace AtRest.ApiServer.Audit;

/// <summary><c>--audit-log-path -</c>: event lines on standard output, through the same synchronized writer the console log uses so lines never interleave.</summary>
internal sealed class StandardOutputAuditLog : IAuditLogTarget
{
    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> line)
    {
        Console.Out.Write(Encoding.UTF8.GetString(line));
    }

    /// <inheritdoc />
    public void Flush() => Console.Out.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
