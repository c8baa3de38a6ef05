using AtRest.ApiServer.Security;
using AtRest.Kubernetes.Model.Rbac;

namespace AtRest.ApiServer.Authorization;

/// <summary>
/// The positions, in one list of bindings, of the bindings whose subjects can name a user: by user name (a User
/// subject, or the <c>system:serviceaccount:NS:NAME</c> name of a ServiceAccount subject) and by group. kube's
/// resolver walks every binding for every request; with a thousand bindings that walk costs more than the rest of a
/// GET, so <see cref="RbacRuleResolver"/> visits only these. Positions come back in list order, so decisions, reasons
/// and rule lists are exactly those of the full walk. Built once per list instance (the policy sources hand out
/// lists they never change afterwards).
/// </summary>
internal sealed class BindingSubjectIndex
{
    private readonly Dictionary<string, List<int>> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byGroup = new(StringComparer.Ordinal);

    /// <summary>Indexes the subject lists of a binding list, in order; <paramref name="bindingNamespace"/> is "" for ClusterRoleBindings.</summary>
    public BindingSubjectIndex(IReadOnlyList<IReadOnlyList<Subject>> subjectsByBinding, string bindingNamespace)
    {
        ArgumentNullException.ThrowIfNull(subjectsByBinding);
        for (var position = 0; position < subjectsByBinding.Count; position++)
        {
            foreach (var subject in subjectsByBinding[position])
            {
                switch (subject.Kind)
                {
                    case RbacGroup.UserKind:
                        Add(_byUser, subject.Name, position);
                        break;
                    case RbacGroup.GroupKind:
                        Add(_byGroup, subject.Name, position);
                        break;
                    case RbacGroup.ServiceAccountKind:
                        var ns = subject.Namespace.Length > 0 ? subject.Namespace : bindingNamespace;
                        if (ns.Length > 0)
                        {
                            Add(_byUser, $"system:serviceaccount:{ns}:{subject.Name}", position);
                        }

                        break;
                }
            }
        }
    }

    /// <summary>The positions of the bindings that may apply to <paramref name="user"/>, ascending, each once.</summary>
    public List<int> Candidates(AuthenticatedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var positions = new List<int>();
        if (_byUser.TryGetValue(user.Name, out var byName))
        {
            positions.AddRange(byName);
        }

        foreach (var group in user.Groups)
        {
            if (_byGroup.TryGetValue(group, out var byGroup))
            {
                positions.AddRange(byGroup);
            }
        }

        positions.Sort();
        var kept = 0;
        for (var i = 0; i < positions.Count; i++)
        {
            if (kept == 0 || positions[kept - 1] != positions[i])
            {
                positions[kept++] = positions[i];
            }
        }

        positions.RemoveRange(kept, positions.Count - kept);
        return positions;
    }

    private static void Add(Dictionary<string, List<int>> index, string key, int position)
    {
        if (!index.TryGetValue(key, out var positions))
        {
            index[key] = positions = [];
        }

        // A binding naming the same subject twice is one candidate.
        if (positions.Count == 0 || positions[^1] != position)
        {
            positions.Add(position);
        }
    }
}
