using System.Globalization;
using AtRest.Encryption;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AtRest.ApiServer.Hosting;

/// <summary>The one place the host hands its store and transformers to the Kubernetes API.</summary>
internal static class KubernetesApiRegistration
{
    /// <summary>Registers the API's services.</summary>
    public static void AddServices(IServiceCollection services, ApiServerHostOptions options, IResourceTransformers transformers) =>
        services.AddKubernetesApi(new KubernetesApiOptions
        {
            Store = new RequestSizeLimitedStore(options.Store),
            Transformers = transformers,
            EtcdPrefix = options.EtcdPrefix,
            MinorVersion = options.MinorVersion.ToString(CultureInfo.InvariantCulture),
            EventTtl = options.EventTtl,
        });

    /// <summary>Maps the API's routes.</summary>
    public static void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapKubernetesApi();
}
