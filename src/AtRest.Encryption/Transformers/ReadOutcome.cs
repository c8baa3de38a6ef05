namespace AtRest.Encryption.Transformers;

/// <summary>The result of one read attempt: plaintext and staleness, or an error.</summary>
internal readonly struct ReadOutcome
{
    private ReadOutcome(ReadOnlyMemory<byte> data, bool stale, TransformError? error)
    {
        Data = data;
        Stale = stale;
        Error = error;
    }

    public ReadOnlyMemory<byte> Data { get; }

    public bool Stale { get; }

    public TransformError? Error { get; }

    public static ReadOutcome Success(ReadOnlyMemory<byte> data, bool stale = false) => new(data, stale, null);

    public static ReadOutcome Failure(TransformError error) => new(default, false, error);
}
