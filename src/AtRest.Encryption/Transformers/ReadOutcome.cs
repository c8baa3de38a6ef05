namespace AtRest.Encryption.Transformers;

/// <summary>
/// The result of one read attempt: plaintext and staleness, or an error; on success also the prefixes that read it
/// (<see cref="Matched"/> is set by the chain that matched, <see cref="InnerMatched"/> is what its element matched).
/// </summary>
internal readonly struct ReadOutcome
{
    private ReadOutcome(ReadOnlyMemory<byte> data, bool stale, TransformError? error, string? matched, string? innerMatched)
    {
        Data = data;
        Stale = stale;
        Error = error;
        Matched = matched;
        InnerMatched = innerMatched;
    }

    public ReadOnlyMemory<byte> Data { get; }

    public bool Stale { get; }

    public TransformError? Error { get; }

    /// <summary>The prefix text of the chain element that read the value (<c>k8s:enc:aescbc:v1:</c>, <c>key1:</c>, empty for identity).</summary>
    public string? Matched { get; }

    /// <summary>What the matched element's own chain matched (the key level), when it is a chain.</summary>
    public string? InnerMatched { get; }

    public static ReadOutcome Success(ReadOnlyMemory<byte> data, bool stale = false) => new(data, stale, null, null, null);

    public static ReadOutcome Failure(TransformError error) => new(default, false, error, null, null);

    /// <summary>A failure of the chain whose last tried element had prefix <paramref name="tried"/> (null: none matched).</summary>
    public static ReadOutcome Failure(TransformError error, string? tried) => new(default, false, error, tried, null);

    /// <summary>This success as read through a chain element with prefix <paramref name="prefix"/>.</summary>
    public ReadOutcome Through(string prefix, bool stale) => new(Data, stale, null, prefix, Matched);
}
