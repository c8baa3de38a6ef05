using System.Diagnostics;
using Grpc.Core;

namespace AtRest.Encryption.Kms;

/// <summary>One plugin RPC bounded by the provider's <c>timeout</c>, timed into <see cref="KmsMetrics.OperationLatency"/>.</summary>
internal static class KmsCall
{
    public static async Task<TResponse> RunAsync<TResponse>(
        string providerName, string method, TimeSpan timeout, CancellationToken cancellationToken,
        Func<CallOptions, AsyncUnaryCall<TResponse>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var code = StatusCode.OK;
        try
        {
            // Wait-for-ready as upstream: a plugin that is restarting gets the whole timeout to come back.
            var options = new CallOptions(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).WithWaitForReady();
            using var pending = call(options);
            return await pending.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            code = e.StatusCode;
            throw;
        }
        finally
        {
            KmsMetrics.OperationLatency.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new("provider_name", providerName), new("method_name", method), new("grpc_status_code", code.ToString()));
        }
    }

    /// <summary>Go's rendering of a gRPC error: <c>rpc error: code = Unavailable desc = …</c>.</summary>
    public static string Describe(RpcException e) => $"rpc error: code = {e.StatusCode} desc = {e.Status.Detail}";
}
