using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace AtRest.KmsPlugin.Hosting;

/// <summary>
/// Connection middleware on the plugin's unix socket: reads the client's HTTP/2 frames ahead of Kestrel and lets
/// <see cref="HpackAuthority"/> fix the <c>:authority</c> of each HEADERS frame that carries a whole header block
/// (grpc-go's requests do). Everything else passes byte for byte.
/// <code>
///   preface "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" (24)
///   frame   length(24) ‖ type(8) ‖ flags(8) ‖ R ‖ stream(31) ‖ payload(length)
///   HEADERS payload  [padLength(8) if PADDED] ‖ [E ‖ dependency(31) ‖ weight(8) if PRIORITY] ‖ block ‖ padding
/// </code>
/// </summary>
internal static class Http2AuthorityRewriter
{
    private const int PrefaceLength = 24;
    private const int FrameHeaderLength = 9;
    private const byte Headers = 0x1;
    private const byte EndHeaders = 0x4;
    private const byte Padded = 0x8;
    private const byte Priority = 0x20;

    /// <summary>Wraps the next connection handler.</summary>
    public static ConnectionDelegate Use(ConnectionDelegate next) => async context =>
    {
        var original = context.Transport;
        var pipe = new Pipe();
        var pump = PumpAsync(original.Input, pipe.Writer, context.ConnectionClosed);
        context.Transport = new DuplexPipe(pipe.Reader, original.Output);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Transport = original;
            original.Input.CancelPendingRead();
            await pump.ConfigureAwait(false);
        }
    };

    private static async Task PumpAsync(PipeReader input, PipeWriter output, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var prefaceSeen = false;
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (true)
                {
                    var needed = !prefaceSeen ? PrefaceLength : FrameLength(buffer);
                    if (needed < 0 || buffer.Length < needed)
                    {
                        break;
                    }

                    var chunk = buffer.Slice(0, needed).ToArray();
                    if (prefaceSeen)
                    {
                        Rewrite(chunk);
                    }

                    prefaceSeen = true;
                    buffer = buffer.Slice(needed);
                    if ((await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false)).IsCompleted)
                    {
                        // Kestrel is done with the connection.
                        input.AdvanceTo(buffer.Start);
                        await input.CompleteAsync().ConfigureAwait(false);
                        await output.CompleteAsync().ConfigureAwait(false);
                        return;
                    }
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    if (!buffer.IsEmpty)
                    {
                        await output.WriteAsync(buffer.ToArray(), cancellationToken).ConfigureAwait(false);
                    }

                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or ConnectionResetException)
        {
            failure = e;
        }

        await input.CompleteAsync().ConfigureAwait(false);
        await output.CompleteAsync(failure).ConfigureAwait(false);
    }

    // The whole frame's size once its 9-byte header is in, else -1.
    private static long FrameLength(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < FrameHeaderLength)
        {
            return -1;
        }

        Span<byte> header = stackalloc byte[3];
        buffer.Slice(0, 3).CopyTo(header);
        return FrameHeaderLength + ((header[0] << 16) | (header[1] << 8) | header[2]);
    }

    private static void Rewrite(byte[] frame)
    {
        var flags = frame[4];
        if (frame[3] != Headers || (flags & EndHeaders) == 0)
        {
            return;
        }

        var payload = frame.AsSpan(FrameHeaderLength);
        var padding = 0;
        if ((flags & Padded) != 0)
        {
            if (payload.IsEmpty)
            {
                return;
            }

            padding = payload[0];
            payload = payload[1..];
        }

        if ((flags & Priority) != 0)
        {
            payload = payload.Length >= 5 ? payload[5..] : [];
        }

        if (padding > payload.Length)
        {
            return;
        }

        // A malformed block is left for Kestrel to refuse with its own error.
        _ = HpackAuthority.TryRewrite(payload[..^padding]);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
