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
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Folder for the embedded store, certificates, kubeconfig, token and generated encryption config "
                + "(default $XDG_DATA_HOME/atrest or ~/.local/share/atrest)",
        };
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
        var etcdServers = new Option<string[]>("--etcd-servers")
        {
            Description = "etcd client URLs, comma separated (default: the embedded SQLite store)",
            AllowMultipleArgumentsPerToken = false,
        };
        var etcdPrefix = new Option<string>("--etcd-prefix") { Description = "The prefix of every key (default /registry)" };
        var etcdCa = new Option<string>("--etcd-cafile") { Description = "CA bundle that signed etcd's serving certificate" };
        var etcdCert = new Option<string>("--etcd-certfile") { Description = "Client certificate for etcd" };
        var etcdKey = new Option<string>("--etcd-keyfile") { Description = "Client key for etcd" };
        var port = new Option<int>("--secure-port") { Description = "HTTPS port; 0 picks a free one (default 6443)", DefaultValueFactory = _ => 6443 };
        var bind = new Option<string>("--bind-address") { Description = "Address to listen on (default 127.0.0.1)" };
        var tlsCert = new Option<string>("--tls-cert-file") { Description = "Serving certificate (PEM) instead of the generated one" };
        var tlsKey = new Option<string>("--tls-private-key-file") { Description = "Key of --tls-cert-file (PEM)" };
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

        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print the stack trace of a start-up error after its one-line message" };

        var featureGates = new Option<string>("--feature-gates")
        {
            Description = "Feature gates as kube-apiserver takes them; only KMSv1=true|false (allow deprecated kms apiVersion v1 providers)",
        };

        var command = new Command("server", "Run the Kubernetes API server (namespaces, secrets, configmaps) with encryption at rest")
        {
            dataDir, encryptionConfig, automaticReload, forceConfig, reloadInterval, etcdServers, etcdPrefix, etcdCa, etcdCert, etcdKey,
            port, bind, tlsCert, tlsKey, minor, featureGates,
            maxInflight, maxMutatingInflight, requestTimeout,
        };
        command.Options.Add(verbose);
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

            var settings = new ServerSettings
            {
                DataDirectory = Path.GetFullPath(result.GetValue(dataDir) ?? DataDirectory.Default),
                EncryptionProviderConfig = FullPathOrNull(result.GetValue(encryptionConfig)),
                AutomaticReload = result.GetValue(automaticReload),
                ForceEncryptionConfig = result.GetValue(forceConfig),
                ReloadInterval = interval,
                EtcdServers = (result.GetValue(etcdServers) ?? [])
                    .SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .ToArray(),
                EtcdPrefix = result.GetValue(etcdPrefix) ?? "/registry",
                EtcdCaFile = FullPathOrNull(result.GetValue(etcdCa)),
                EtcdCertFile = FullPathOrNull(result.GetValue(etcdCert)),
                EtcdKeyFile = FullPathOrNull(result.GetValue(etcdKey)),
                SecurePort = result.GetValue(port),
                BindAddress = bindAddress,
                TlsCertFile = FullPathOrNull(result.GetValue(tlsCert)),
                TlsPrivateKeyFile = FullPathOrNull(result.GetValue(tlsKey)),
                KubeMinorVersion = result.GetValue(minor),
                Verbose = result.GetValue(verbose),
                MaxRequestsInflight = result.GetValue(maxInflight),
                MaxMutatingRequestsInflight = result.GetValue(maxMutatingInflight),
                RequestTimeout = requestTimeoutValue,
                KmsV1 = FeatureGates.KmsV1(result.GetValue(featureGates), errors),
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
