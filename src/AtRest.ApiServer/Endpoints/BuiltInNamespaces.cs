using AtRest.ApiServer.Errors;
using AtRest.Kubernetes.Model;
using Microsoft.Extensions.Hosting;

namespace AtRest.ApiServer.Endpoints;

/// <summary>Creates <c>default</c>, <c>kube-system</c> and <c>kube-public</c> at start-up when they are missing.</summary>
internal sealed class BuiltInNamespaces(ApiServices api) : IHostedService
{
    /// <summary>Creates each built-in namespace that does not exist yet.</summary>
    public async Task EnsureBuiltInNamespacesAsync(CancellationToken cancellationToken)
    {
        var store = api.Namespaces;
        foreach (var name in NamespaceLifecycle.BuiltIn)
        {
            if (await store.ReadAsync(null, name, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            var ns = new Namespace { Metadata = { Name = name } };
            ObjectPreparation.ForCreate(ns, null, store.Strategy);
            try
            {
                await store.CreateAsync(ns, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Reason == "AlreadyExists")
            {
                // Created meanwhile by another server on the same store.
            }
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => EnsureBuiltInNamespacesAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
