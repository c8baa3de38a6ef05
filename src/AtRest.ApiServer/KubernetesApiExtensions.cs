using AtRest.ApiServer.Authorization;
using AtRest.ApiServer.Controllers;
using AtRest.ApiServer.Discovery;
using AtRest.ApiServer.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AtRest.ApiServer;

/// <summary>Registers and maps the Kubernetes REST API (discovery, OpenAPI, namespaces, secrets, configmaps).</summary>
public static class KubernetesApiExtensions
{
    /// <summary>
    /// Registers the API's services over <paramref name="options"/>' store and transformers, and a hosted service
    /// that creates the built-in namespaces (<c>default</c>, <c>kube-system</c>, <c>kube-public</c>, <c>kube-node-lease</c>)
    /// at start-up, the writer of kube's default RBAC roles and bindings, the index of the stored RBAC objects the
    /// authorizer reads, and the namespace controller that empties and removes deleted namespaces.
    /// </summary>
    public static IServiceCollection AddKubernetesApi(this IServiceCollection services, KubernetesApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        var api = new ApiServices(options);
        services.AddSingleton(api);
        services.AddHostedService(_ => new Events.EventRecorderService(api.Events));
        // RBAC over kube's default roles layered on the stored RBAC objects; the escalation check asks the same chain.
        services.AddSingleton<StoredRbacPolicy>();
        services.TryAddSingleton<IRbacPolicySource>(sp => sp.GetRequiredService<StoredRbacPolicy>());
        services.TryAddSingleton(sp => new BootstrapLayeredPolicySource(sp.GetRequiredService<IRbacPolicySource>()));
        services.TryAddSingleton<IAuthorizer>(sp =>
            new BootstrapAuthorizer(new RbacAuthorizer(sp.GetRequiredService<BootstrapLayeredPolicySource>())));
        services.TryAddSingleton(sp => new RbacEscalationGuard(
            sp.GetRequiredService<IAuthorizer>(), new RbacRuleResolver(sp.GetRequiredService<BootstrapLayeredPolicySource>())));
        services.AddHostedService<BuiltInNamespaces>();
        services.AddHostedService<RbacBootstrapWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<StoredRbacPolicy>());
        services.AddHostedService<NamespaceFinalizer>();
        return services;
    }

    /// <summary>
    /// Maps <c>/version</c>, <c>/api</c>, <c>/api/v1</c>, <c>/apis</c>, <c>/openapi/v2</c>, <c>/openapi/v3</c>
    /// and the namespace, secret and configmap resources.
    /// </summary>
    public static IEndpointRouteBuilder MapKubernetesApi(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<KubernetesApiOptions>();
        DiscoveryEndpoints.Map(endpoints, options.MinorVersion, options.Kinds);
        OpenApiEndpoints.Map(endpoints, options.Kinds, VersionDocument.GitVersion(options.MinorVersion));
        ResourceRoutes.Map(endpoints, endpoints.ServiceProvider.GetRequiredService<ApiServices>());
        return endpoints;
    }
}
