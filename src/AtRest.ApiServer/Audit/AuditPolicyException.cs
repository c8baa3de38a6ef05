namespace AtRest.ApiServer.Audit;

/// <summary>An audit policy file that cannot be read, decoded or validated; the message is kube-apiserver's.</summary>
public sealed class AuditPolicyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditPolicyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public AuditPolicyException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AuditPolicyException()
    {
    }
}
