using System.CommandLine;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;

namespace AtRest.Cli.Commands.Codec;

/// <summary><c>atrest encode -f FILE</c>: a YAML or JSON object to the protobuf bytes kube-apiserver stores.</summary>
internal static class EncodeCommand
{
    internal static Command Create()
    {
        var file = new Option<string>("--filename", "-f")
        {
            Description = "The object to encode, as YAML or JSON (\"-\" reads standard input).",
            Required = true,
        };
        var command = new Command(
            "encode",
            "Encode a v1 Secret, ConfigMap or Namespace (YAML or JSON) as the Kubernetes protobuf bytes stored in etcd, written to standard output.")
        {
            file,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!));
        return command;
    }

    private static int Run(string path)
    {
        byte[] input;
        try
        {
            input = path == "-" ? CodecConsole.ReadStandardInput() : File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CodecConsole.Fail($"cannot read {path}: {e.Message}");
        }

        try
        {
            var obj = KubernetesObjectCodec.DetectAndDecode(input, strict: true);
            // What kube-apiserver stores: stringData folded into data, never kept.
            (obj as Secret)?.FoldStringData();
            CodecConsole.WriteStandardOutput(KubernetesObjectCodec.EncodeProtobuf(obj));
            return 0;
        }
        catch (FormatException e) when (e is KubernetesJsonException or KubernetesProtobufException)
        {
            return CodecConsole.Fail($"cannot encode {(path == "-" ? "standard input" : path)}: {e.Message}");
        }
    }
}
