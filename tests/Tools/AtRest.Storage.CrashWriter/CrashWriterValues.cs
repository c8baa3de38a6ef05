namespace AtRest.Storage.CrashWriter;

/// <summary>The value the crash writer stores under key number n, so the test can check it byte for byte.</summary>
public static class CrashWriterValues
{
    /// <summary>1 KiB derived from <paramref name="n"/>.</summary>
    public static byte[] For(int n)
    {
        var value = new byte[1024];
        new Random(n).NextBytes(value);
        return value;
    }
}
