namespace AtRest.ApiServer.Observability;

/// <summary>Values of the <c>status</c> label of <c>apiserver_storage_transformation_operations_total</c>.</summary>
internal static class TransformationStatus
{
    /// <summary>The transformation succeeded.</summary>
    public const string Ok = "OK";

    /// <summary>It failed with an error that carries no gRPC status.</summary>
    public const string UnknownNonGrpc = "unknown-non-grpc";
}
