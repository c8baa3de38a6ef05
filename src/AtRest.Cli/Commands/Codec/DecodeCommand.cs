using System.CommandLine;
using System.Text;
using AtRest.Cli.Commands.Encryption;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;

namespace AtRest.Cli.Commands.Codec;

/// <summary>
/// <c>atrest decode [-o yaml|json]</c>: a value as stored in etcd (Kubernetes protobuf, or JSON) on standard input,
/// printed as YAML or JSON, like auger's decode.
/// </summary>
internal static class DecodeCommand
{
    internal static Command Create()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output format.",
            DefaultValueFactory = _ => "yaml",
        };
        output.AcceptOnlyFromAmong("yaml", "json");
        var config = new Option<string?>("--encryption-provider-config")
        {
            Description = "An EncryptionConfiguration file: decrypt the value with it first (needs --key).",
        };
        var key = new Option<string?>("--key")
        {
            Description = "The value's etcd key, e.g. /registry/secrets/default/secret1 (the authenticated data of AEAD providers).",
        };
        var prefix = new Option<string>("--etcd-prefix")
        {
            Description = "The API server's --etcd-prefix, to find the resource in --key.",
            DefaultValueFactory = _ => "/registry",
        };
        var resource = new Option<string?>("--resource")
        {
            Description = "Override the resource derived from --key, e.g. deployments.apps (as encryption decrypt takes it).",
        };
        var command = new Command(
            "decode",
            "Decode a stored value read from standard input (Kubernetes protobuf or JSON, optionally encrypted) and print it as YAML or JSON.")
        {
            output,
            config,
            key,
            prefix,
            resource,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(output)!, parse.GetValue(config), parse.GetValue(key), parse.GetValue(prefix)!, parse.GetValue(resource), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string format, string? configPath, string? etcdKey, string etcdPrefix, string? resourceOverride, CancellationToken cancellationToken)
    {
        if ((configPath is null) != (etcdKey is null))
        {
            return CodecConsole.Fail("--encryption-provider-config and --key go together: the key selects the resource and is the authenticated data");
        }

        if (resourceOverride is not null && configPath is null)
        {
            return CodecConsole.Fail("--resource selects the providers of --encryption-provider-config; pass it with --encryption-provider-config and --key");
        }

        var stored = CodecConsole.ReadStandardInput();
        if (stored.Length == 0)
        {
            return CodecConsole.Fail("standard input is empty; pipe a stored value in, e.g. from etcdctl get --print-value-only");
        }

        if (configPath is not null)
        {
            try
            {
                var resource = StoredResource.Resolve(etcdKey!, etcdPrefix, resourceOverride);
                await using var configuration = EncryptionConfigurationLoader.LoadFile(configPath);
                stored = await DecryptAsync(stored, configuration.For(resource), etcdKey!, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ArgumentException or EncryptionConfigurationException or EncryptionTransformException)
            {
                return CodecConsole.Fail($"cannot decrypt the stored value: {e.Message}");
            }
        }
        else if (stored.AsSpan().StartsWith("k8s:enc:"u8))
        {
            return CodecConsole.Fail("the value is encrypted (it starts with \"k8s:enc:\"); pass --encryption-provider-config and --key");
        }

        KubernetesObject obj;
        try
        {
            obj = DecodeStored(stored);
        }
        catch (FormatException e) when (e is KubernetesJsonException or KubernetesProtobufException)
        {
            var what = KubernetesObjectCodec.IsProtobuf(stored) ? "Kubernetes protobuf" : "not Kubernetes protobuf (no \"k8s\\0\" prefix), read as JSON/YAML";
            return CodecConsole.Fail($"cannot decode the stored value ({what}): {e.Message}");
        }

        var text = format == "json"
            ? KubernetesObjectCodec.EncodeJsonString(obj, indented: true) + "\n"
            : KubernetesObjectCodec.EncodeYaml(obj);
        CodecConsole.WriteStandardOutput(Encoding.UTF8.GetBytes(text));
        return 0;
    }

    // etcdctl --print-value-only appends a newline: when the exact bytes do not decrypt, try without it. The full key
    // is the authenticated data, as kube-apiserver reads it.
    private static async Task<byte[]> DecryptAsync(byte[] stored, IValueTransformer transformer, string etcdKey, CancellationToken cancellationToken)
    {
        var aad = Encoding.UTF8.GetBytes(etcdKey);
        try
        {
            return (await transformer.TransformFromStorageAsync(stored, aad, cancellationToken).ConfigureAwait(false)).Data.ToArray();
        }
        catch (EncryptionTransformException) when (stored[^1] == (byte)'\n')
        {
            try
            {
                return (await transformer.TransformFromStorageAsync(stored.AsMemory(0, stored.Length - 1), aad, cancellationToken).ConfigureAwait(false)).Data.ToArray();
            }
            catch (EncryptionTransformException)
            {
            }

            throw;
        }
    }

    // etcdctl --print-value-only appends a newline to the value; accept it when the exact bytes do not decode.
    private static KubernetesObject DecodeStored(byte[] stored)
    {
        try
        {
            return KubernetesObjectCodec.DetectAndDecode(stored);
        }
        catch (KubernetesProtobufException) when (stored[^1] == (byte)'\n' && KubernetesObjectCodec.IsProtobuf(stored))
        {
            try
            {
                return KubernetesObjectCodec.DecodeProtobuf(stored.AsSpan(0, stored.Length - 1));
            }
            catch (KubernetesProtobufException)
            {
            }

            throw;
        }
    }
}
