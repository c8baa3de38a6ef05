namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>A readable stream of spaces that does not tell its length, so HttpClient sends it chunked.</summary>
internal sealed class UnknownLengthStream(int length) : Stream
{
    private int _left = length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(count, _left);
        buffer.AsSpan(offset, n).Fill((byte)' ');
        _left -= n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
