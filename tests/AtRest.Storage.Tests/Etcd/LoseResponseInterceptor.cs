using Grpc.Core;
using Grpc.Core.Interceptors;

namespace AtRest.Storage.Tests.Etcd;

/// <summary>
/// Lets the next <see cref="Armed"/> Txn calls reach etcd and commit, then throws Unavailable instead of returning
/// the response: what a client sees when a member dies after applying a write but before answering.
/// </summary>
internal sealed class LoseResponseInterceptor : Interceptor
{
    private int _armed;

    /// <summary>How many upcoming Txn responses to lose.</summary>
    public int Armed
    {
        get => Volatile.Read(ref _armed);
        set => Volatile.Write(ref _armed, value);
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return context.Method.Name != "Txn" || !TryDisarm()
            ? call
            : new AsyncUnaryCall<TResponse>(LoseAsync(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private bool TryDisarm()
    {
        int armed;
        do
        {
            armed = Volatile.Read(ref _armed);
            if (armed <= 0)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _armed, armed - 1, armed) != armed);
        return true;
    }

    private static async Task<TResponse> LoseAsync<TResponse>(Task<TResponse> response)
    {
        await response;
        throw new RpcException(new Status(StatusCode.Unavailable, "test: connection lost after the write committed"));
    }
}
