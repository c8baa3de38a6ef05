using AtRest.Encryption.Kms.Api.V1Beta1;
using AtRest.KmsPlugin.Backends;
using Google.Protobuf;
using Grpc.Core;

namespace AtRest.KmsPlugin.Services;

/// <summary><c>v1beta1.KeyManagementService</c> (deprecated KMS v1, for kube-apiserver 1.20 and for migrations).</summary>
internal sealed class V1KeyManagementService(IKeyBackend backend) : KeyManagementService.KeyManagementServiceBase
{
    private const string ApiVersion = "v1beta1";

    public override Task<VersionResponse> Version(VersionRequest request, ServerCallContext context) =>
        Task.FromResult(new VersionResponse { Version = ApiVersion, RuntimeName = "atrest-kms-plugin", RuntimeVersion = "0.1.0" });

    public override Task<EncryptResponse> Encrypt(EncryptRequest request, ServerCallContext context)
    {
        CheckVersion(request.Version);
        var (ciphertext, _) = BackendCall.Run(() => backend.Encrypt(request.Plain.Span));
        return Task.FromResult(new EncryptResponse { Cipher = ByteString.CopyFrom(ciphertext) });
    }

    public override Task<DecryptResponse> Decrypt(DecryptRequest request, ServerCallContext context)
    {
        CheckVersion(request.Version);
        var plaintext = BackendCall.Run(() => backend.Decrypt(request.Cipher.Span));
        return Task.FromResult(new DecryptResponse { Plain = ByteString.CopyFrom(plaintext) });
    }

    private static void CheckVersion(string version)
    {
        if (version != ApiVersion)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"unsupported version {version}, only {ApiVersion} is supported"));
        }
    }
}
