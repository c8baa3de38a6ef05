namespace AtRest.Cli.Commands.Codec;

/// <summary>Raw byte access to the standard streams, and the one error format of the codec commands.</summary>
internal static class CodecConsole
{
    public static byte[] ReadAll(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static byte[] ReadStandardInput()
    {
        using var stdin = Console.OpenStandardInput();
        return ReadAll(stdin);
    }

    public static void WriteStandardOutput(ReadOnlySpan<byte> bytes)
    {
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(bytes);
        stdout.Flush();
    }

    /// <summary>Prints <c>error: message</c> on standard error and returns the failure exit code.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
