using System.CommandLine;
using System.Text;
using AtRest.Encryption;
using AtRest.Encryption.Configuration;
using AtRest.Encryption.Transformers;

namespace AtRest.Cli.Commands.Encryption;

/// <summary>
/// <c>atrest encryption encrypt|decrypt --encryption-provider-config F --key /registry/secrets/NS/NAME [--etcd-prefix /registry]</c>:
/// stdin to stdout, binary-safe, exactly as kube-apiserver would store or read the value at that key.
/// </summary>
internal static class TransformValueCommand
{
    internal static Command Create(bool encrypt)
    {
        var config = new Option<string>("--encryption-provider-config") { Description = "The EncryptionConfiguration file.", Required = true };
        var key = new Option<string>("--key") { Description = "The full storage key, e.g. /registry/secrets/default/s1 (it is also the AAD).", Required = true };
        var etcdPrefix = new Option<string>("--etcd-prefix") { Description = "kube-apiserver's --etcd-prefix.", DefaultValueFactory = _ => "/registry" };
        var resource = new Option<string?>("--resource") { Description = "Override the resource derived from the key, e.g. deployments.apps." };

        var command = encrypt
            ? new Command("encrypt", "Read plaintext on stdin and write the stored (encrypted) bytes on stdout.")
            : new Command("decrypt", "Read stored bytes (e.g. etcdctl get --print-value-only) on stdin and write the plaintext on stdout.");
        command.Options.Add(config);
        command.Options.Add(key);
        command.Options.Add(etcdPrefix);
        command.Options.Add(resource);
        command.SetAction((parse, ct) => RunAsync(
            encrypt, parse.GetRequiredValue(config), parse.GetRequiredValue(key), parse.GetValue(etcdPrefix)!, parse.GetValue(resource), ct));
        return command;
    }

    private static async Task<int> RunAsync(
        bool encrypt, string configPath, string key, string etcdPrefix, string? resourceOverride, CancellationToken ct)
    {
        GroupResource resource;
        try
        {
            resource = StoredResource.Resolve(key, etcdPrefix, resourceOverride);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        LoadedEncryptionConfiguration configuration;
        try
        {
            configuration = EncryptionConfigurationLoader.LoadFile(configPath);
        }
        catch (EncryptionConfigurationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        var input = await ReadAllAsync(Console.OpenStandardInput(), ct);
        var aad = Encoding.UTF8.GetBytes(key);
        await using var stdout = Console.OpenStandardOutput();
        if (encrypt)
        {
            var stored = await configuration.For(resource).TransformToStorageAsync(input, aad, ct);
            await stdout.WriteAsync(stored, ct);
            var writer = configuration.Describe(resource)[0];
            Console.Error.WriteLine(writer == "identity"
                ? $"written unencrypted for {resource}: identity is its first provider"
                : $"encrypted for {resource} with {writer}");
            return 0;
        }

        // `etcdctl get --print-value-only` appends a newline to the value; if the bytes as given cannot be read, the
        // bytes before that newline are tried too. The first attempt's error is the one reported.
        if (!TryRead(configuration, resource, input, aad, out var read, out var error, out var noneMatched)
            && !(input.Length > 0 && input[^1] == (byte)'\n' && TryRead(configuration, resource, input.AsMemory(0, input.Length - 1), aad, out read, out _, out _)))
        {
            Console.Error.WriteLine($"cannot decrypt {key}: {error}");
            if (noneMatched)
            {
                Console.Error.WriteLine($"the value carries {StoredValuePrefix.Describe(input)}; the configuration reads {resource} with: {string.Join(", ", configuration.Describe(resource))}");
            }

            return 1;
        }

        await stdout.WriteAsync(read.Data, ct);
        Console.Error.WriteLine(read.Stale
            ? $"read by {read.Source} (stale: the current write key is {configuration.Describe(resource)[0]}; rewrite the object to re-encrypt it)"
            : $"read by {read.Source} (the current write key)");
        return 0;
    }

    private static bool TryRead(
        LoadedEncryptionConfiguration configuration, GroupResource resource, ReadOnlyMemory<byte> input, byte[] aad, out SourcedRead read, out string error, out bool noneMatched)
    {
        try
        {
            read = configuration.TransformFromStorageWithSource(resource, input, aad);
            error = "";
            noneMatched = false;
            return true;
        }
        catch (EncryptionTransformException e)
        {
            read = default;
            error = e.Message;
            noneMatched = e.Provider is null;
            return false;
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
