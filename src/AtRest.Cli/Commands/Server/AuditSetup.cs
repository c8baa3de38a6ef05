using AtRest.ApiServer.Audit;

namespace AtRest.Cli.Commands.Server;

/// <summary>Turns the audit flags into the server's audit options: the policy loaded and the fingerprint key in place.</summary>
internal static class AuditSetup
{
    /// <summary>The audit options, or null when <c>--audit-log-path</c> is not set (audit off).</summary>
    /// <exception cref="ServerStartupException">The policy file is invalid or the fingerprint key cannot be read.</exception>
    public static AuditOptions? Load(ServerSettings settings, TextWriter output)
    {
        if (settings.AuditLogPath is null)
        {
            if (settings.AuditPolicyFile is not null)
            {
                // kube-apiserver accepts the flag alone too, and records nothing; say so rather than stay silent.
                output.WriteLine("atrest: --audit-policy-file is ignored without --audit-log-path: audit is off");
            }

            return null;
        }

        try
        {
            var policy = settings.AuditPolicyFile is null ? AuditPolicy.MetadataForEverything : AuditPolicyLoader.Load(settings.AuditPolicyFile);
            var options = new AuditOptions
            {
                Policy = policy,
                LogPath = settings.AuditLogPath,
                MaxAgeDays = settings.AuditLogMaxAge,
                MaxBackups = settings.AuditLogMaxBackup,
                MaxSizeMegabytes = settings.AuditLogMaxSize,
                Fingerprinter = ValueFingerprinter.LoadOrCreate(settings.DataDirectory),
            };
            output.WriteLine($"atrest: audit log {settings.AuditLogPath} (policy {settings.AuditPolicyFile ?? "Metadata for every request"})");
            return options;
        }
        catch (Exception e) when (e is AuditPolicyException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ServerStartupException(e.Message, e);
        }
    }
}
