using System.CommandLine;
using System.Text;
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
        var command = new Command(
            "decode",
            "Decode a stored value read from standard input (Kubernetes protobuf or JSON) and print it as YAML or JSON.")
        {
            output,
        };
        command.SetAction(parse => Run(parse.GetValue(output)!, CodecConsole.ReadStandardInput()));
        return command;
    }

    private static int Run(string format, byte[] stored)
    {
        if (stored.Length == 0)
        {
            return CodecConsole.Fail("standard input is empty; pipe a stored value in, e.g. from etcdctl get --print-value-only");
        }

        if (stored.AsSpan().StartsWith("k8s:enc:"u8))
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
            return CodecConsole.Fail($"cannot decode the stored value: {e.Message}");
        }

        var text = format == "json"
            ? KubernetesObjectCodec.EncodeJsonString(obj, indented: true) + "\n"
            : KubernetesObjectCodec.EncodeYaml(obj);
        CodecConsole.WriteStandardOutput(Encoding.UTF8.GetBytes(text));
        return 0;
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
