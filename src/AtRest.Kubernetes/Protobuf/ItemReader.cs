namespace AtRest.Kubernetes.Protobuf;

/// <summary>Reads one list item's message.</summary>
internal delegate T ItemReader<out T>(ProtoReader reader);
