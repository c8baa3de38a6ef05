using System.Globalization;
using System.Net.Security;
using System.Text;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>An HTTP/1.1 response read off a raw stream: the status code and everything after the status line, as text.</summary>
/// <param name="Code">The status code; 0 when the server closed the connection without answering.</param>
/// <param name="Text">Headers and body (chunk sizes included when chunked).</param>
internal sealed record RawHttpResponse(int Code, string Text)
{
    /// <summary>Reads one response, until its body ends or the server closes the connection.</summary>
    public static async Task<RawHttpResponse> ReadAsync(SslStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (!IsComplete(received.ToArray()))
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || text.Length < 12)
        {
            return new RawHttpResponse(0, text);
        }

        return new RawHttpResponse(int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture), text[12..]);
    }

    private static bool IsComplete(byte[] received)
    {
        var text = Encoding.UTF8.GetString(received);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var headers = text[..end].ToLowerInvariant();
        var body = text[(end + 4)..];
        if (headers.Contains("transfer-encoding: chunked", StringComparison.Ordinal))
        {
            return body.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
        }

        var lengthAt = headers.IndexOf("content-length: ", StringComparison.Ordinal);
        if (lengthAt < 0)
        {
            return false;
        }

        var lengthEnd = headers.IndexOf('\r', lengthAt);
        var length = int.Parse(headers.AsSpan(lengthAt + 16, (lengthEnd < 0 ? headers.Length : lengthEnd) - lengthAt - 16), CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetByteCount(body) >= length;
    }
}
