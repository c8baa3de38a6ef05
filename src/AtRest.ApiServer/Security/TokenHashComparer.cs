namespace AtRest.ApiServer.Security;

/// <summary>Compares a presented token's hash with a known one (equal lengths, 32 bytes each).</summary>
internal delegate bool TokenHashComparer(ReadOnlySpan<byte> presented, ReadOnlySpan<byte> known);
