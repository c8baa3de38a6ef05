using AtRest.ApiServer.Errors;
using AtRest.Kubernetes.Model;
using Microsoft.Extensions.Hosting;

namespace AtRest.ApiServer.Endpoints;

/// <summary>
/// Creates <c>default</c>, <c>kube-system</c>, <c>kube-public</c> and <c>kube-node-lease</c> at start-up when they are
/// missing, as kube-apiserver's system-namespaces controller does.
/// </summary>
internal sealed class BuiltInNamespaces(ApiServices api) : IHostedService
{
    // kube-node-lease is created like the others but is not immortal: kube-apiserver lets it be deleted (and recreates
    // it), so it is not in NamespaceLifecycle.BuiltIn, the list the delete refusal checks.
    /// <summary>Every namespace a server creates at start-up; each server has its own (own uid) of each.</summary>
    public static readonly string[] Created = [.. NamespaceLifecycle.BuiltIn, "kube-node-lease"];

    /// <summary>Creates each built-in namespace that does not exist yet.</summary>
    public async Task EnsureBuiltInNamespacesAsync(CancellationToken cancellationToken)
    {
        var store = api.Namespaces;
        foreach (var name in Created)
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
