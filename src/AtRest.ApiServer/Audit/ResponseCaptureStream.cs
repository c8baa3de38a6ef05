using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Audit;

/// <summary>
/// Passes a response body through and keeps a copy for the audit event: the whole body at <c>RequestResponse</c>,
/// otherwise only a failure's Status (decided at the first write, when the status code is final), so a successful
/// <c>Metadata</c>-level response is never copied. A body over <paramref name="limit"/> bytes is not kept at all.
/// </summary>
internal sealed class ResponseCaptureStream(Stream inner, HttpResponse response, bool everything, int limit) : Stream
{
    private MemoryStream? _copy;
    private bool _decided;
    private bool _overLimit;

    /// <summary>The stream this one wraps (put back on the response afterwards).</summary>
    public Stream Inner => inner;

    /// <summary>The copied body, or null when nothing was kept.</summary>
    public byte[]? Captured => _overLimit ? null : _copy?.ToArray();

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Flush() => inner.Flush();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Keep(buffer.AsSpan(offset, count));
        return inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    private void Keep(ReadOnlySpan<byte> data)
    {
        if (!_decided)
        {
            _decided = true;
            if (everything || response.StatusCode >= StatusCodes.Status400BadRequest)
            {
                _copy = new MemoryStream();
            }
        }

        if (_copy is null || _overLimit)
        {
            return;
        }

        if (_copy.Length + data.Length > limit)
        {
            _overLimit = true;
            _copy = null;
            return;
        }

        _copy.Write(data);
    }
}
