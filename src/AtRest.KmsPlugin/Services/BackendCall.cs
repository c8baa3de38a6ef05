using AtRest.KmsPlugin.Backends;
using Grpc.Core;

namespace AtRest.KmsPlugin.Services;

/// <summary>Maps backend failures to gRPC codes: no usable key is FailedPrecondition, a bad ciphertext InvalidArgument.</summary>
internal static class BackendCall
{
    public static T Run<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (KeyBackendException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }
}
