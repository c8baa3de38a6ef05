using AtRest.ApiServer.Errors;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Endpoints;

/// <summary>The <c>preconditions</c> of a DeleteOptions body (read by <see cref="DeleteRequestOptions"/>): the object is deleted only if its uid / resourceVersion still match.</summary>
/// <param name="Uid">The required uid, or null.</param>
/// <param name="ResourceVersion">The required resourceVersion, or null.</param>
internal sealed record DeletePreconditions(string? Uid, string? ResourceVersion)
{
    /// <summary>No preconditions.</summary>
    public static DeletePreconditions None { get; } = new(null, null);

    /// <summary>Throws 409 Conflict when <paramref name="current"/> does not satisfy the preconditions.</summary>
    public void Check(string resource, KubernetesResource current)
    {
        if (Uid is not null && Uid != current.Metadata.Uid)
        {
            throw ApiErrors.Conflict(resource, current.Metadata.Name,
                $"Precondition failed: UID in precondition: {Uid}, UID in object meta: {current.Metadata.Uid}");
        }

        if (ResourceVersion is not null && ResourceVersion != current.Metadata.ResourceVersion)
        {
            throw ApiErrors.Conflict(resource, current.Metadata.Name,
                $"Precondition failed: ResourceVersion in precondition: {ResourceVersion}, ResourceVersion in object meta: {current.Metadata.ResourceVersion}");
        }
    }
}
