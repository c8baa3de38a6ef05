using System.Net;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using AtRest.Encryption.Configuration;

namespace AtRest.Cli.Commands.Server;

/// <summary>Starts the server from validated settings and runs it until Ctrl+C or SIGTERM.</summary>
internal static class ServerRunner
{
    /// <summary>Runs the server; returns the process exit code.</summary>
    public static async Task<int> RunAsync(ServerSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        SecureFile.EnsureDirectory(settings.DataDirectory);
        output.WriteLine($"atrest: data directory {settings.DataDirectory}");

        // The configuration and the credentials load independently; doing both at once shortens start-up.
        var encryptionOutput = new StringWriter();
        var encryptionTask = Task.Run(() => EncryptionSetup.Load(settings, encryptionOutput), cancellationToken);
        var credentialsTask = Task.Run(() => ServerCredentials.LoadOrCreate(new CredentialPaths(settings.DataDirectory),
            ServingDnsNames(), ServingAddresses(settings.BindAddress), settings.TlsCertFile, settings.TlsPrivateKeyFile), cancellationToken);

        EncryptionSetup encryption;
        try
        {
            encryption = await encryptionTask;
        }
        catch (EncryptionConfigurationException e)
        {
            output.Write(encryptionOutput.ToString());
            await DisposeWhenLoadedAsync(credentialsTask);
            await Console.Error.WriteLineAsync($"Error: {e.Message}");
            return 1;
        }

        output.Write(encryptionOutput.ToString());
        ServerCredentials credentials;
        try
        {
            credentials = await credentialsTask;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Error: {e.Message}");
            return 1;
        }

        using (credentials)
        {
            await using var store = StoreOpener.Open(settings, output);
            ApiServerHost host;
            try
            {
                host = await ApiServerHost.StartAsync(new ApiServerHostOptions
                {
                    BindAddress = settings.BindAddress,
                    Port = settings.SecurePort,
                    Credentials = credentials,
                    Store = store,
                    Transformers = encryption.Transformers,
                    EtcdPrefix = settings.EtcdPrefix,
                    MinorVersion = settings.KubeMinorVersion,
                    EncryptionConfigHash = encryption.ContentHash,
                    Reload = encryption.ReloadOptions(settings),
                }, cancellationToken);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"Error: failed to listen on {settings.BindAddress}:{settings.SecurePort}: {e.Message}");
                return 1;
            }

            await using (host)
            {
                credentials.WriteAdminKubeconfig(host.Url.ToString().TrimEnd('/'));
                output.WriteLine($"atrest: listening on {host.Url.ToString().TrimEnd('/')} (kubectl sees Kubernetes v1.{settings.KubeMinorVersion}; started in {started.ElapsedMilliseconds} ms)");
                output.WriteLine($"export KUBECONFIG={credentials.Paths.AdminKubeconfig}");
                output.Flush();
                try
                {
                    await host.WaitForShutdownAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                }
            }
        }

        return 0;
    }

    private static async Task DisposeWhenLoadedAsync(Task<ServerCredentials> credentials)
    {
        try
        {
            (await credentials).Dispose();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // Start-up already failed for another reason, which is the one reported.
        }
    }

    private static List<string> ServingDnsNames()
    {
        var names = new List<string> { "localhost" };
        try
        {
            var hostName = Dns.GetHostName();
            if (Uri.CheckHostName(hostName) == UriHostNameType.Dns)
            {
                names.Add(hostName);
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
            // No host name: localhost and the addresses still cover local clients.
        }

        return names;
    }

    private static List<IPAddress> ServingAddresses(IPAddress bindAddress)
    {
        var addresses = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        if (!bindAddress.Equals(IPAddress.Any) && !bindAddress.Equals(IPAddress.IPv6Any) && !addresses.Contains(bindAddress))
        {
            addresses.Add(bindAddress);
        }

        return addresses;
    }
}
