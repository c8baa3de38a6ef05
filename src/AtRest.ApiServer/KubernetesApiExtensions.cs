using AtRest.ApiServer.Discovery;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AtRest.ApiServer;

/// <summary>Registers and maps the Kubernetes REST API (discovery, OpenAPI, namespaces, secrets, configmaps).</summary>
public static class KubernetesApiExtensions
{
    /// <summary>Registers the API's services over <paramref name="options"/>' store and transformers.</summary>
    public static IServiceCollection AddKubernetesApi(this IServiceCollection services, KubernetesApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        return services;
    }

    /// <summary>
    /// Maps <c>/version</c>, <c>/api</c>, <c>/api/v1</c>, <c>/apis</c>, <c>/openapi/v2</c>, <c>/openapi/v3</c>
    /// and the namespace, secret and configmap resources.
    /// </summary>
    public static IEndpointRouteBuilder MapKubernetesApi(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<KubernetesApiOptions>();
        DiscoveryEndpoints.Map(endpoints, options.MinorVersion);
        OpenApiEndpoints.Map(endpoints);
        return endpoints;
    }
}
