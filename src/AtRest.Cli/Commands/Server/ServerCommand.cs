using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using AtRest.ApiServer.Hosting;

namespace AtRest.Cli.Commands.Server;

/// <summary><c>atrest server</c>: the Kubernetes API server over HTTPS, with kube-apiserver's flag names.</summary>
internal static class ServerCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        // --data-dir, --etcd-servers, --etcd-prefix and the etcd TLS files: the flags every store-opening command shares.
        var store = StoreOptions.Create();
        var encryptionConfig = new Option<string>("--encryption-provider-config")
        {
            Description = "The EncryptionConfiguration file; without it a secretbox configuration is generated in the data directory",
        };
        var automaticReload = new Option<bool>("--encryption-provider-config-automatic-reload")
        {
            Description = "Reload --encryption-provider-config when its content changes",
        };
        var forceConfig = new Option<bool>(AtRest.ApiServer.Lifecycle.LockoutOverride.Flag)
        {
            Description = "Start with, or reload to, a configuration even when stored objects would become unreadable under it",
        };
        var reloadInterval = new Option<string>("--encryption-provider-config-reload-interval")
        {
            Description = "How often the file is checked (Go duration; default 1m)",
            Hidden = true,
        };
        var port = new Option<int>("--secure-port") { Description = "HTTPS port; 0 picks a free one (default 6443)", DefaultValueFactory = _ => 6443 };
        var bind = new Option<string>("--bind-address") { Description = "Address to listen on (default 127.0.0.1)" };
        var tlsCert = new Option<string>("--tls-cert-file") { Description = "Serving certificate (PEM) instead of the generated one" };
        var tlsKey = new Option<string>("--tls-private-key-file") { Description = "Key of --tls-cert-file (PEM)" };
        var clientCa = new Option<string>("--client-ca-file")
        {
            Description = "PEM bundle of CAs whose client certificates are accepted (CN = user, O = groups), besides the server's own CA",
        };
        var tokenAuth = new Option<string>("--token-auth-file")
        {
            Description = "Bearer tokens, one per line: token,user,uid[,\"group1,group2\"] (kube-apiserver's CSV format)",
        };
        var minor = new Option<int>("--kube-minor-version")
        {
            Description = "Kubernetes minor version reported by /version (default 32); kubectl's dispatcher picks its binary by it",
            DefaultValueFactory = _ => 32,
        };
        var maxInflight = new Option<int>("--max-requests-inflight")
        {
            Description = "Read-only requests served at once; more are answered 429 (0: no limit; default 400)",
            DefaultValueFactory = _ => RequestLimits.DefaultMaxRequestsInflight,
        };
        var maxMutatingInflight = new Option<int>("--max-mutating-requests-inflight")
        {
            Description = "Mutating requests served at once; more are answered 429 (0: no limit; default 200)",
            DefaultValueFactory = _ => RequestLimits.DefaultMaxMutatingRequestsInflight,
        };
        var requestTimeout = new Option<string>("--request-timeout")
        {
            Description = "How long a request that is not a watch may take before it is answered 504 (Go duration; default 1m0s)",
        };

        var eventTtl = new Option<string>("--event-ttl") { Description = "Amount of time to retain events (Go duration; default 1h0m0s)" };

        var auditPolicy = new Option<string>("--audit-policy-file") { Description = "audit.k8s.io/v1 Policy file (default with --audit-log-path: Metadata for every request)" };
        var auditLogPath = new Option<string>("--audit-log-path") { Description = "Write audit events as JSON lines to this file ('-' for stdout); audit is off without it" };
        var auditMaxAge = new Option<int>("--audit-log-maxage") { Description = "Days to keep rotated audit files (0: no limit)" };
        var auditMaxBackup = new Option<int>("--audit-log-maxbackup") { Description = "Rotated audit files to keep (0: no limit)" };
        var auditMaxSize = new Option<int>("--audit-log-maxsize") { Description = "Megabytes an audit file may reach before it is rotated (0: 100)" };

        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print the stack trace of a start-up error after its one-line message" };

        var featureGates = new Option<string>("--feature-gates")
        {
            Description = "Feature gates as kube-apiserver takes them; only KMSv1=true|false (allow deprecated kms apiVersion v1 providers)",
        };

        var command = new Command("server", "Run the Kubernetes API server (namespaces, secrets, configmaps) with encryption at rest")
        {
            encryptionConfig, automaticReload, forceConfig, reloadInterval,
            port, bind, tlsCert, tlsKey, clientCa, tokenAuth, minor, featureGates,
            maxInflight, maxMutatingInflight, requestTimeout, eventTtl,
            auditPolicy, auditLogPath, auditMaxAge, auditMaxBackup, auditMaxSize,
        };
        command.Options.Add(verbose);
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var errors = new List<string>();
            var bindText = result.GetValue(bind) ?? "127.0.0.1";
            if (!IPAddress.TryParse(bindText, out var bindAddress))
            {
                errors.Add($"invalid argument \"{bindText}\" for \"--bind-address\" flag: failed to parse IP: \"{bindText}\"");
                bindAddress = IPAddress.Loopback;
            }

            var interval = TimeSpan.FromMinutes(1);
            if (result.GetValue(reloadInterval) is { } intervalText)
            {
                if (GoDurationParser.Parse(intervalText) is { } parsed)
                {
                    interval = parsed;
                }
                else
                {
                    errors.Add($"invalid argument \"{intervalText}\" for \"--encryption-provider-config-reload-interval\" flag: time: invalid duration \"{intervalText}\"");
                }
            }

            var requestTimeoutValue = RequestLimits.DefaultRequestTimeout;
            if (result.GetValue(requestTimeout) is { } requestTimeoutText)
            {
                if (GoDurationParser.Parse(requestTimeoutText) is { } parsed)
                {
                    requestTimeoutValue = parsed;
                }
                else
                {
                    errors.Add($"invalid argument \"{requestTimeoutText}\" for \"--request-timeout\" flag: time: invalid duration \"{requestTimeoutText}\"");
                }
            }

            var eventTtlValue = TimeSpan.FromHours(1);
            if (result.GetValue(eventTtl) is { } eventTtlText)
            {
                if (GoDurationParser.Parse(eventTtlText) is { } parsed)
                {
                    eventTtlValue = parsed;
                }
                else
                {
                    errors.Add($"invalid argument \"{eventTtlText}\" for \"--event-ttl\" flag: time: invalid duration \"{eventTtlText}\"");
                }
            }

            var location = store.Location(result, embeddedMustExist: false);
            var settings = new ServerSettings
            {
                DataDirectory = location.DataDirectory,
                EncryptionProviderConfig = FullPathOrNull(result.GetValue(encryptionConfig)),
                AutomaticReload = result.GetValue(automaticReload),
                ForceEncryptionConfig = result.GetValue(forceConfig),
                ReloadInterval = interval,
                EtcdServers = location.EtcdServers,
                EtcdPrefix = result.GetValue(store.EtcdPrefix)!,
                EtcdCaFile = location.EtcdCaFile,
                EtcdCertFile = location.EtcdCertFile,
                EtcdKeyFile = location.EtcdKeyFile,
                SecurePort = result.GetValue(port),
                BindAddress = bindAddress,
                TlsCertFile = FullPathOrNull(result.GetValue(tlsCert)),
                TlsPrivateKeyFile = FullPathOrNull(result.GetValue(tlsKey)),
                ClientCaFile = FullPathOrNull(result.GetValue(clientCa)),
                TokenAuthFile = FullPathOrNull(result.GetValue(tokenAuth)),
                KubeMinorVersion = result.GetValue(minor),
                Verbose = result.GetValue(verbose),
                MaxRequestsInflight = result.GetValue(maxInflight),
                MaxMutatingRequestsInflight = result.GetValue(maxMutatingInflight),
                RequestTimeout = requestTimeoutValue,
                EventTtl = eventTtlValue,
                KmsV1 = FeatureGates.KmsV1(result.GetValue(featureGates), errors),
                AuditPolicyFile = FullPathOrNull(result.GetValue(auditPolicy)),
                AuditLogPath = result.GetValue(auditLogPath) is { } logPath && logPath != "-" ? Path.GetFullPath(logPath) : result.GetValue(auditLogPath),
                AuditLogMaxAge = result.GetValue(auditMaxAge),
                AuditLogMaxBackup = result.GetValue(auditMaxBackup),
                AuditLogMaxSize = result.GetValue(auditMaxSize),
            };
            errors.AddRange(settings.Validate());
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync($"Error: {error}");
                }

                return 1;
            }

            return await ServerRunner.RunAsync(settings, Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    private static string? FullPathOrNull(string? path) => path is null ? null : Path.GetFullPath(path);
}
