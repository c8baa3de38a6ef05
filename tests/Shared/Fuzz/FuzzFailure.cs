namespace AtRest.Tests.Shared.Fuzz;

/// <summary>A decoder broke its contract on a generated input; the message holds the input and the seed to reproduce it.</summary>
public sealed class FuzzFailure : Exception
{
    /// <summary>Creates the failure.</summary>
    public FuzzFailure(string message)
        : base(message)
    {
    }

    /// <summary>Creates the failure with the decoder's exception.</summary>
    public FuzzFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
