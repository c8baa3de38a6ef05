using System.CommandLine;
using System.Net;
using AtRest.Cli.Commands.Server;
using AtRest.KmsPlugin.Backends;
using AtRest.KmsPlugin.Hosting;

namespace AtRest.Cli.Commands.KmsPlugin;

/// <summary>
/// <c>atrest kms-plugin</c>: a KMS plugin serving KMS v2 and v1beta1 on one unix socket, with its keys in a local key
/// file or on a PKCS#11 token; <c>atrest kms-plugin rotate</c> adds a key (the next key id) to either.
/// </summary>
internal static class KmsPluginCommand
{
    /// <summary>Builds the command and its <c>rotate</c> subcommand.</summary>
    public static Command Create()
    {
        var backend = new BackendOptions();
        var listen = new Option<string>("--listen") { Description = "The endpoint to serve: unix:///path/kms.sock or unix:///@abstract-name", Required = true };
        var health = new Option<string>("--health-address")
        {
            Description = "Loopback HOST:PORT for the plugin's own /healthz and /metrics (port 0 picks one); none when absent",
        };
        var refresh = new Option<string>("--key-refresh-interval") { Description = "How often the key list is re-read (Go duration; default 1s)", Hidden = true };

        var command = new Command("kms-plugin", "Run a Kubernetes KMS plugin (v2 and v1beta1) with keys in a key file or on a PKCS#11 token")
        {
            listen, health, refresh,
        };
        backend.AddTo(command);
        command.Subcommands.Add(CreateRotate());
        command.SetAction(async (result, cancellationToken) =>
        {
            var errors = new List<string>();
            IPEndPoint? healthAddress = null;
            if (result.GetValue(health) is { } healthText && !IPEndPoint.TryParse(healthText, out healthAddress))
            {
                errors.Add($"--health-address {healthText} is not HOST:PORT (for example 127.0.0.1:0)");
            }

            var interval = TimeSpan.FromSeconds(1);
            if (result.GetValue(refresh) is { } refreshText)
            {
                if (GoDurationParser.Parse(refreshText) is { } parsed && parsed > TimeSpan.Zero)
                {
                    interval = parsed;
                }
                else
                {
                    errors.Add($"--key-refresh-interval {refreshText} is not a positive duration");
                }
            }

            var keys = backend.Open(result, errors);
            if (errors.Count > 0 || keys is null)
            {
                keys?.Dispose();
                return await FailAsync(errors);
            }

            // A plugin without a usable key could only answer every call with an error: refuse to start instead.
            keys.Refresh();
            if (!keys.Status.IsHealthy)
            {
                keys.Dispose();
                return await FailAsync([keys.Status.Healthz]);
            }

            var listenEndpoint = result.GetValue(listen)!;
            KmsPluginHost host;
            try
            {
                host = await KmsPluginHost.StartAsync(
                    new KmsPluginOptions { Listen = listenEndpoint, Backend = keys, HealthAddress = healthAddress, RefreshInterval = interval },
                    cancellationToken);
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
            {
                keys.Dispose();
                return await FailAsync([$"cannot serve {listenEndpoint}: {e.Message}"]);
            }

            await using (host)
            {
                var status = keys.Status;
                Console.WriteLine($"atrest kms-plugin: serving KMS v2 and v1beta1 on {listenEndpoint} ({keys.Kind} backend, key id {status.KeyId}, {status.Healthz})");
                if (host.HealthUrl is { } url)
                {
                    Console.WriteLine($"atrest kms-plugin: health and metrics on {url.ToString().TrimEnd('/')}");
                }

                Console.Out.Flush();
                try
                {
                    await host.WaitForShutdownAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                }
            }

            Console.WriteLine("atrest kms-plugin: stopped");
            return 0;
        });
        return command;
    }

    private static Command CreateRotate()
    {
        var backend = new BackendOptions();
        var command = new Command("rotate", "Add a new key (the next key id) and make it current; old keys stay for decryption");
        backend.AddTo(command);
        command.SetAction(async (result, _) =>
        {
            var errors = new List<string>();
            try
            {
                string keyId;
                if (backend.IsFile(result))
                {
                    var path = backend.KeyFile(result, errors);
                    if (path is null)
                    {
                        return await FailAsync(errors);
                    }

                    keyId = KeyFile.Rotate(path);
                }
                else
                {
                    using var keys = backend.Open(result, errors) as Pkcs11KeyBackend;
                    if (keys is null)
                    {
                        return await FailAsync(errors);
                    }

                    keyId = keys.Rotate();
                }

                Console.WriteLine($"atrest kms-plugin: new current key id {keyId}");
                return 0;
            }
            catch (Exception e) when (e is KeyBackendException or IOException or UnauthorizedAccessException)
            {
                return await FailAsync([e.Message]);
            }
        });
        return command;
    }

    private static async Task<int> FailAsync(IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"Error: {error}");
        }

        return 1;
    }
}
