using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Prometheus;

namespace AtRest.KmsPlugin.Services;

/// <summary>Counts and times every RPC by full method path and gRPC code, for the plugin's own <c>/metrics</c>.</summary>
internal sealed class PluginMetricsInterceptor(PluginMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var code = StatusCode.OK;
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            code = e.StatusCode;
            throw;
        }
        catch (Exception)
        {
            code = StatusCode.Unknown;
            throw;
        }
        finally
        {
            metrics.Operations.WithLabels(context.Method, code.ToString()).Inc();
            metrics.Duration.WithLabels(context.Method).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
