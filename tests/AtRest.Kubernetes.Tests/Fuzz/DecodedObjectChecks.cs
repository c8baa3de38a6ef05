using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Tests.Fuzz;

/// <summary>
/// What "a valid object" means for a decoded fuzz input: it encodes to protobuf, and that encoding is a fixed point
/// (decoding and encoding it again gives the same bytes), so the server can store it; and it encodes to JSON, or is
/// refused with the documented <see cref="KubernetesJsonException"/> (a time outside years 1 to 9999), so the server
/// can serve it or refuse it cleanly.
/// </summary>
internal static class DecodedObjectChecks
{
    public static void AssertStorable(KubernetesObject obj)
    {
        var stored = KubernetesObjectCodec.EncodeProtobuf(obj);
        var again = KubernetesObjectCodec.EncodeProtobuf(KubernetesObjectCodec.DecodeProtobuf(stored));
        if (!stored.AsSpan().SequenceEqual(again))
        {
            throw new InvalidOperationException("the decoded object does not survive a protobuf round trip");
        }

        try
        {
            KubernetesObjectCodec.EncodeJson(obj);
        }
        catch (KubernetesJsonException)
        {
            // Documented: protobuf carries times that JSON cannot.
        }
    }

    public static bool IsCleanTextError(Exception e) => e is KubernetesJsonException;

    public static bool IsCleanProtobufError(Exception e) => e is KubernetesProtobufException;
}
