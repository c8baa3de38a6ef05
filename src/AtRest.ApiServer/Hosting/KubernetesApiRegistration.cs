using AtRest.Encryption;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AtRest.ApiServer.Hosting;

/// <summary>The one place the host hands its store and transformers to the Kubernetes API (the <c>api</c> area).</summary>
internal static class KubernetesApiRegistration
{
    /// <summary>Registers the API's services.</summary>
    public static void AddServices(IServiceCollection services, ApiServerHostOptions options, IResourceTransformers transformers)
    {
        _ = services;
        _ = options;
        _ = transformers;
    }

    /// <summary>Maps the API's routes.</summary>
    public static void MapEndpoints(IEndpointRouteBuilder endpoints) => _ = endpoints;
}
