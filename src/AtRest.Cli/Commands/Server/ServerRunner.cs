using System.Net;
using AtRest.ApiServer.Hosting;
using AtRest.ApiServer.Security;
using AtRest.Encryption.Configuration;

namespace AtRest.Cli.Commands.Server;

/// <summary>Starts the server from validated settings and runs it until Ctrl+C or SIGTERM.</summary>
/// <remarks>
/// Start-up takes the data directory's lock before it creates anything there, and binds the port before it creates a
/// key; when it fails, it prints one line (the stack trace only with <c>--verbose</c>), removes what it created and
/// exits 1.
/// </remarks>
internal static class ServerRunner
{
    /// <summary>Runs the server; returns the process exit code.</summary>
    public static async Task<int> RunAsync(ServerSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var directoryExisted = Directory.Exists(settings.DataDirectory);
        DataDirectoryLock? directoryLock = null;
        StartupFootprint? footprint = null;
        var serving = false;
        try
        {
            SecureFile.EnsureDirectory(settings.DataDirectory);
            // Taken before the lock so that a lock file this start creates counts as new; used only once the lock is held.
            var before = StartupFootprint.Take(settings.DataDirectory, directoryExisted);
            directoryLock = AcquireLock(settings.DataDirectory, directoryExisted);
            footprint = before;
            PortProbe.EnsureFree(settings.BindAddress, settings.SecurePort);
            foreach (var tightened in SecureFile.RestrictTree(settings.DataDirectory))
            {
                output.WriteLine($"atrest: took group and other access away from {tightened}");
            }

            output.WriteLine($"atrest: data directory {settings.DataDirectory}");
            return await RunLockedAsync(settings, output, started, () => serving = true, cancellationToken);
        }
        catch (Exception e) when (!serving)
        {
            var message = e is OperationCanceledException && cancellationToken.IsCancellationRequested
                ? "start-up was interrupted"
                : e.Message;
            await error.WriteLineAsync($"Error: {message}");
            if (settings.Verbose)
            {
                await error.WriteLineAsync(e.ToString());
            }

            directoryLock?.Dispose();
            directoryLock = null;
            footprint?.RemoveWhatStartupCreated();
            return 1;
        }
        finally
        {
            directoryLock?.Dispose();
        }
    }

    private static DataDirectoryLock AcquireLock(string dataDirectory, bool directoryExisted)
    {
        try
        {
            return DataDirectoryLock.Acquire(dataDirectory);
        }
        catch (ServerStartupException) when (!directoryExisted)
        {
            StartupFootprint.Take(dataDirectory, directoryExisted: false).RemoveWhatStartupCreated();
            throw;
        }
    }

    private static async Task<int> RunLockedAsync(ServerSettings settings, TextWriter output, System.Diagnostics.Stopwatch started,
        Action serving, CancellationToken cancellationToken)
    {
        // The configuration and the credentials load independently; doing both at once shortens start-up.
        var encryptionOutput = new StringWriter();
        var encryptionTask = Task.Run(() => EncryptionSetup.Load(settings, encryptionOutput), cancellationToken);
        var credentialsTask = Task.Run(() => ServerCredentials.LoadOrCreate(new CredentialPaths(settings.DataDirectory),
            ServingDnsNames(), ServingAddresses(settings.BindAddress), settings.TlsCertFile, settings.TlsPrivateKeyFile,
            settings.ClientCaFile, settings.TokenAuthFile), cancellationToken);

        EncryptionSetup encryption;
        try
        {
            encryption = await encryptionTask;
        }
        catch (EncryptionConfigurationException)
        {
            output.Write(encryptionOutput.ToString());
            await DisposeWhenLoadedAsync(credentialsTask);
            throw;
        }

        output.Write(encryptionOutput.ToString());
        using var credentials = await credentialsTask;
        foreach (var warning in credentials.AuthenticationWarnings)
        {
            output.WriteLine($"atrest: warning: {warning}");
        }

        if (settings.ClientCaFile is not null || settings.TokenAuthFile is not null)
        {
            output.WriteLine($"atrest: authentication: client certificates from {credentials.ClientAuthorities.Count} CA(s), {credentials.Tokens.Count} bearer token(s)");
        }

        await using var store = StoreOpener.Open(settings, output);
        if (settings.EtcdServers.Count > 0)
        {
            await StoreReadiness.WaitAsync(store, $"etcd at {string.Join(",", settings.EtcdServers)}", output, TimeProvider.System, cancellationToken);
        }

        if (!settings.ForceEncryptionConfig)
        {
            await StartupLockoutCheck.EnsureSafeAsync(store, settings.EtcdPrefix, encryption.Transformers, cancellationToken);
        }

        await using var host = await ApiServerHost.StartAsync(new ApiServerHostOptions
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
            ForceEncryptionConfig = settings.ForceEncryptionConfig,
            MaxRequestsInflight = settings.MaxRequestsInflight,
            MaxMutatingRequestsInflight = settings.MaxMutatingRequestsInflight,
            RequestTimeout = settings.RequestTimeout,
            EventTtl = settings.EventTtl,
            Audit = AuditSetup.Load(settings, output),
        }, cancellationToken);

        var url = host.Url.ToString().TrimEnd('/');
        try
        {
            credentials.WriteAdminKubeconfig(url);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerStartupException($"cannot write the admin kubeconfig {credentials.Paths.AdminKubeconfig}: {e.Message}", e);
        }

        serving();
        output.WriteLine($"atrest: listening on {url} (kubectl sees Kubernetes v1.{settings.KubeMinorVersion}; started in {started.ElapsedMilliseconds} ms)");
        output.WriteLine($"export KUBECONFIG={credentials.Paths.AdminKubeconfig}");
        output.Flush();
        try
        {
            await host.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
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
