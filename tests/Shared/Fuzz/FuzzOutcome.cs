namespace AtRest.Tests.Shared.Fuzz;

/// <summary>The tally of a fuzz run: inputs that decoded, inputs rejected with a clean error, the largest allocation by one input.</summary>
public sealed record FuzzOutcome(int Decoded, int Rejected, long MostAllocated);
