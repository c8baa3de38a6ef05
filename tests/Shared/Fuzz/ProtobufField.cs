namespace AtRest.Tests.Shared.Fuzz;

/// <summary>
/// Where one protobuf field lies in the input:
/// <code>
/// [tag varint][length varint][value ...]      wire type 2
/// [tag varint][value varint]                  wire type 0 (LengthOffset = ValueOffset)
/// ^TagOffset  ^LengthOffset  ^ValueOffset     ^End
/// </code>
/// </summary>
internal readonly record struct ProtobufField(int TagOffset, int TagLength, int WireType, int LengthOffset, int ValueOffset, int ValueLength, int End);
