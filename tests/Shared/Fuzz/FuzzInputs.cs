namespace AtRest.Tests.Shared.Fuzz;

/// <summary>
/// Deterministic hostile inputs for one decoder: input <c>i</c> of a seed is always the same bytes. Most are valid
/// documents (the seeds) with one to four stacked mutations, some are hostile documents built from scratch
/// (deep nesting, alias bombs, varint overflows), some are random bytes.
/// </summary>
public sealed class FuzzInputs
{
    private readonly FuzzFormat _format;
    private readonly byte[][] _seeds;
    private readonly int _seed;

    /// <summary>Creates the generator over valid <paramref name="seeds"/> of <paramref name="format"/>.</summary>
    public FuzzInputs(FuzzFormat format, IEnumerable<byte[]> seeds, int seed)
    {
        _format = format;
        _seeds = seeds.ToArray();
        _seed = seed;
        if (_seeds.Length == 0)
        {
            throw new ArgumentException("at least one seed document is needed", nameof(seeds));
        }
    }

    /// <summary>The seed of the run.</summary>
    public int Seed => _seed;

    /// <summary>Input number <paramref name="index"/>.</summary>
    public byte[] Generate(int index)
    {
        var random = FuzzSeed.ForInput(_seed, index);
        var roll = random.Next(100);
        if (roll < 4)
        {
            return RandomBytes(random);
        }

        if (roll < 12)
        {
            return HostileDocuments.Build(_format, random, Pick(random));
        }

        if (roll < 15)
        {
            return Pick(random);
        }

        var input = Pick(random);
        var rounds = 1 + random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            input = Mutate(random, input);
        }

        return input;
    }

    /// <summary>A printable account of an input for a failure message: seed, index, length and the bytes in base64.</summary>
    public string Describe(int index, byte[] input)
    {
        var shown = input.Length <= 4096 ? Convert.ToBase64String(input) : Convert.ToBase64String(input, 0, 4096) + "…";
        return $"{_format} input #{index} of seed {_seed} (rerun with {FuzzSeed.Variable}={_seed}), {input.Length} bytes, base64: {shown}";
    }

    private byte[] Mutate(Random random, byte[] input)
    {
        // Half the mutations know the format; the rest are blind byte edits.
        if (random.Next(2) == 0)
        {
            return _format == FuzzFormat.Protobuf
                ? ProtobufMutations.Apply(random, input, Pick(random))
                : TextMutations.Apply(_format, random, input);
        }

        return ByteMutations.Apply(random, input, Pick(random));
    }

    private byte[] Pick(Random random) => _seeds[random.Next(_seeds.Length)];

    private byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(random.Next(2) == 0 ? 16 : 1024)];
        random.NextBytes(bytes);
        if (_format == FuzzFormat.Protobuf && bytes.Length >= 4 && random.Next(2) == 0)
        {
            "k8s\0"u8.CopyTo(bytes);
        }

        return bytes;
    }
}
