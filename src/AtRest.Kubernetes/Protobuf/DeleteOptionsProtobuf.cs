using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Protobuf;

/// <summary>
/// <c>metav1.DeleteOptions</c>: 1 gracePeriodSeconds (int64), 2 preconditions {1 uid, 2 resourceVersion},
/// 3 orphanDependents (bool), 4 propagationPolicy, 5 dryRun (repeated), 6 ignoreStoreReadErrorWithClusterBreakingPotential (bool).
/// kubectl 1.32+ sends it in this form (its client encodes request bodies as protobuf).
/// </summary>
internal static class DeleteOptionsProtobuf
{
    public const string KindName = "DeleteOptions";

    public static DeleteOptions Read(ProtoReader r)
    {
        var options = new DeleteOptions();
        while (r.TryReadTag())
        {
            switch (r.Field)
            {
                case 1: options.GracePeriodSeconds = r.ReadInt64("DeleteOptions.gracePeriodSeconds"); break;
                case 2:
                    options.HasPreconditions = true;
                    var p = r.ReadMessage("DeleteOptions.preconditions");
                    while (p.TryReadTag())
                    {
                        switch (p.Field)
                        {
                            case 1: options.PreconditionUid = p.ReadString("Preconditions.uid"); break;
                            case 2: options.PreconditionResourceVersion = p.ReadString("Preconditions.resourceVersion"); break;
                            default: p.Skip(); break;
                        }
                    }

                    break;
                case 3: options.OrphanDependents = r.ReadBool("DeleteOptions.orphanDependents"); break;
                case 4: options.PropagationPolicy = r.ReadString("DeleteOptions.propagationPolicy"); break;
                case 5: options.DryRun.Add(r.ReadString("DeleteOptions.dryRun")); break;
                case 6: options.IgnoreStoreReadErrorWithClusterBreakingPotential = r.ReadBool("DeleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential"); break;
                default: r.Skip(); break;
            }
        }

        return options;
    }
}
