namespace AtRest.ApiServer.Security;

/// <summary>What one impersonation header asks to act as: the kinds of kube's impersonation object references.</summary>
internal enum ImpersonationTargetKind
{
    /// <summary><c>Impersonate-User</c> naming any user but a service account.</summary>
    User,

    /// <summary><c>Impersonate-User</c> naming <c>system:serviceaccount:NS:NAME</c>.</summary>
    ServiceAccount,

    /// <summary>One <c>Impersonate-Group</c> value.</summary>
    Group,

    /// <summary>One value of one <c>Impersonate-Extra-&lt;key&gt;</c> header.</summary>
    UserExtra,

    /// <summary><c>Impersonate-Uid</c>.</summary>
    Uid,
}
