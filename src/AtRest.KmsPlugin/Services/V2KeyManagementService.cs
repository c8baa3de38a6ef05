using AtRest.Encryption.Kms.Api.V2;
using AtRest.KmsPlugin.Backends;
using Google.Protobuf;
using Grpc.Core;

namespace AtRest.KmsPlugin.Services;

/// <summary><c>v2.KeyManagementService</c>: Status from the backend's cached status, Encrypt/Decrypt on the backend.</summary>
internal sealed class V2KeyManagementService(IKeyBackend backend) : KeyManagementService.KeyManagementServiceBase
{
    public override Task<StatusResponse> Status(StatusRequest request, ServerCallContext context)
    {
        var status = backend.Status;
        return Task.FromResult(new StatusResponse { Version = "v2", Healthz = status.Healthz, KeyId = status.KeyId });
    }

    public override Task<EncryptResponse> Encrypt(EncryptRequest request, ServerCallContext context)
    {
        var (ciphertext, keyId) = BackendCall.Run(() => backend.Encrypt(request.Plaintext.Span));
        return Task.FromResult(new EncryptResponse { Ciphertext = ByteString.CopyFrom(ciphertext), KeyId = keyId });
    }

    public override Task<DecryptResponse> Decrypt(DecryptRequest request, ServerCallContext context)
    {
        var plaintext = BackendCall.Run(() => backend.Decrypt(request.Ciphertext.Span));
        return Task.FromResult(new DecryptResponse { Plaintext = ByteString.CopyFrom(plaintext) });
    }
}
