using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AtRest.Encryption.Kms.Api.V1Beta1;
using Google.Protobuf;
using Grpc.Net.Client;

namespace AtRest.ApiServer.Tests.Interop;

/// <summary>
/// Takes a KMS v1 value apart by hand, independently of AtRest's provider, and decrypts it with the DEK the plugin's
/// v1beta1 Decrypt returns, so that a value either server wrote is checked against the layout itself:
/// <code>
/// "k8s:enc:kms:v1:atrest:" ‖ uint16-BE(len(encDEK)) ‖ encDEK ‖ IV(16) ‖ AES-256-CBC(DEK, IV, plaintext ‖ PKCS#7 pad)
/// </code>
/// </summary>
internal static class KmsV1StoredValue
{
    private const int BlockSize = 16;
    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes($"k8s:enc:kms:v1:{KmsInteropConfigs.V1Name}:");

    /// <summary>The plaintext (<c>k8s\0</c> and a protobuf Secret) of <paramref name="stored"/>, failing with what is wrong.</summary>
    public static async Task<byte[]> OpenAsync(string key, byte[] stored, string socketPath)
    {
        Assert.True(stored.AsSpan().StartsWith(Prefix), $"{key} does not start with {Encoding.ASCII.GetString(Prefix)}");
        var body = stored.AsMemory(Prefix.Length);
        Assert.True(body.Length >= 2, $"{key} has no uint16 length after the prefix");
        var length = BinaryPrimitives.ReadUInt16BigEndian(body.Span);
        Assert.True(body.Length >= 2 + length, $"{key} is shorter than its encrypted DEK length {length}");
        var encryptedDek = body.Slice(2, length);
        var payload = body[(2 + length)..];
        Assert.True(payload.Length >= 2 * BlockSize && payload.Length % BlockSize == 0,
            $"{key}'s payload is {payload.Length} bytes: not IV(16) and whole AES-CBC blocks");

        var dek = await DecryptDekAsync(encryptedDek, socketPath);
        Assert.Equal(32, dek.Length);
        using var aes = Aes.Create();
        aes.Key = dek;
        CryptographicOperations.ZeroMemory(dek);
        byte[] plaintext;
        try
        {
            plaintext = aes.DecryptCbc(payload.Span[BlockSize..], payload.Span[..BlockSize], PaddingMode.PKCS7);
        }
        catch (CryptographicException e)
        {
            throw new Xunit.Sdk.XunitException($"{key}'s payload is not AES-CBC with PKCS#7 padding under the plugin's DEK: {e.Message}");
        }

        Assert.True(plaintext.AsSpan().StartsWith("k8s\0"u8), $"{key} does not decrypt to a k8s protobuf envelope");
        return plaintext;
    }

    private static async Task<byte[]> DecryptDekAsync(ReadOnlyMemory<byte> encryptedDek, string socketPath)
    {
        using var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            },
            DisposeHttpClient = true,
        });
        var client = new KeyManagementService.KeyManagementServiceClient(channel);
        var response = await client.DecryptAsync(
            new DecryptRequest { Version = "v1beta1", Cipher = ByteString.CopyFrom(encryptedDek.Span) },
            deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: TestContext.Current.CancellationToken);
        return response.Plain.ToByteArray();
    }
}
