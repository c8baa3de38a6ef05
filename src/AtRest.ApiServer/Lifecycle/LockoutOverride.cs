namespace AtRest.ApiServer.Lifecycle;

/// <summary>The server flag that applies a configuration even when it would leave stored objects unreadable.</summary>
public static class LockoutOverride
{
    /// <summary>The flag's name.</summary>
    public const string Flag = "--encryption-provider-config-force";
}
