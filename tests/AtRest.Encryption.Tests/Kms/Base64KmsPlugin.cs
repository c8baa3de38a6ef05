using System.Net.Sockets;
using AtRest.Tests.Shared;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using V1 = AtRest.Encryption.Kms.Api.V1Beta1;
using V2 = AtRest.Encryption.Kms.Api.V2;

namespace AtRest.Encryption.Tests.Kms;

/// <summary>
/// Upstream's test plugin: "encrypts" by standard base64, which is how vectors U3/U4/C7 were recorded. Served in
/// process over a real unix socket (a file, or an abstract name), with knobs for the faults a test needs: the Status
/// answers, and a delay before Decrypt answers. Counts the RPCs it serves.
/// </summary>
internal sealed class Base64KmsPlugin : IAsyncDisposable
{
    private readonly TempDirectory? _directory;
    private WebApplication? _app;
    private int _encrypts;
    private int _decrypts;

    private Base64KmsPlugin(string endpoint, TempDirectory? directory)
    {
        Endpoint = endpoint;
        _directory = directory;
    }

    /// <summary>The endpoint to put in a configuration (<c>unix:///…</c>).</summary>
    public string Endpoint { get; }

    public string KeyId { get; set; } = "1";

    public string Healthz { get; set; } = "ok";

    public TimeSpan DecryptDelay { get; set; }

    public int Encrypts => Volatile.Read(ref _encrypts);

    public int Decrypts => Volatile.Read(ref _decrypts);

    public static async Task<Base64KmsPlugin> StartAsync(bool abstractSocket = false)
    {
        TempDirectory? directory = null;
        string bindPath;
        string endpoint;
        if (abstractSocket)
        {
            var name = $"atrest-test-{Guid.NewGuid():N}";
            bindPath = "\0" + name;
            endpoint = $"unix:///@{name}";
        }
        else
        {
            directory = new TempDirectory("kms");
            bindPath = directory.File("kms.sock");
            endpoint = $"unix://{bindPath}";
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(new UnixDomainSocketEndPoint(bindPath), o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var plugin = new Base64KmsPlugin(endpoint, directory);
        builder.Services.AddSingleton(plugin);
        var app = builder.Build();
        app.MapGrpcService<V2Service>();
        app.MapGrpcService<V1Service>();
        await app.StartAsync();
        plugin._app = app;
        return plugin;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _directory?.Dispose();
    }

    private static ByteString Encode(ByteString plaintext) => ByteString.CopyFromUtf8(Convert.ToBase64String(plaintext.Span));

    private static ByteString Decode(ByteString ciphertext) => ByteString.CopyFrom(Convert.FromBase64String(ciphertext.ToStringUtf8()));

    private sealed class V2Service(IServiceProvider services) : V2.KeyManagementService.KeyManagementServiceBase
    {
        private Base64KmsPlugin Plugin => services.GetRequiredService<Base64KmsPlugin>();

        public override Task<V2.StatusResponse> Status(V2.StatusRequest request, ServerCallContext context) =>
            Task.FromResult(new V2.StatusResponse { Version = "v2", Healthz = Plugin.Healthz, KeyId = Plugin.KeyId });

        public override Task<V2.EncryptResponse> Encrypt(V2.EncryptRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref Plugin._encrypts);
            return Task.FromResult(new V2.EncryptResponse { Ciphertext = Encode(request.Plaintext), KeyId = Plugin.KeyId });
        }

        public override async Task<V2.DecryptResponse> Decrypt(V2.DecryptRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref Plugin._decrypts);
            await Task.Delay(Plugin.DecryptDelay, context.CancellationToken);
            return new V2.DecryptResponse { Plaintext = Decode(request.Ciphertext) };
        }
    }

    private sealed class V1Service(IServiceProvider services) : V1.KeyManagementService.KeyManagementServiceBase
    {
        private Base64KmsPlugin Plugin => services.GetRequiredService<Base64KmsPlugin>();

        public override Task<V1.VersionResponse> Version(V1.VersionRequest request, ServerCallContext context) =>
            Task.FromResult(new V1.VersionResponse { Version = "v1beta1", RuntimeName = "base64", RuntimeVersion = "0" });

        public override Task<V1.EncryptResponse> Encrypt(V1.EncryptRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref Plugin._encrypts);
            return Task.FromResult(new V1.EncryptResponse { Cipher = Encode(request.Plain) });
        }

        public override Task<V1.DecryptResponse> Decrypt(V1.DecryptRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref Plugin._decrypts);
            return Task.FromResult(new V1.DecryptResponse { Plain = Decode(request.Cipher) });
        }
    }
}
