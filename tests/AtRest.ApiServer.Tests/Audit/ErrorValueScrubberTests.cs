using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Audit;

namespace AtRest.ApiServer.Tests.Audit;

/// <summary>A failed request's values are taken out of whatever error text would be recorded with it.</summary>
public sealed class ErrorValueScrubberTests
{
    private readonly ValueFingerprinter _fingerprinter = new(RandomNumberGenerator.GetBytes(32));

    private static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    [Fact]
    public void Values_as_sent_and_decoded_are_replaced_and_names_are_not()
    {
        var scrubber = new ErrorValueScrubber(_fingerprinter);
        var body = JsonNode.Parse($$$"""
            {"metadata":{"name":"db-secret","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"applied\":1}"}},
             "data":{"password":"{{{B64("hunter2-long")}}}"},"stringData":{"token":"plain-token"},"type":"Opaque"}
            """);
        var values = scrubber.ValuesOf(body, dataIsBase64: true, isPatch: false);

        var message = $"Secret \"db-secret\" is invalid: data[password]: value {B64("hunter2-long")} or hunter2-long, token plain-token, applied {{\"applied\":1}}";
        var scrubbed = ErrorValueScrubber.Scrub(message, values);
        Assert.DoesNotContain("hunter2-long", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain(B64("hunter2-long"), scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("plain-token", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("{\"applied\":1}", scrubbed, StringComparison.Ordinal);
        Assert.Contains("Secret \"db-secret\" is invalid: data[password]", scrubbed, StringComparison.Ordinal);
        Assert.Contains(_fingerprinter.Fingerprint("hunter2-long"), scrubbed, StringComparison.Ordinal);
        Assert.Contains("Opaque", ErrorValueScrubber.Scrub("type Opaque", values), StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_patch_every_string_but_operations_and_paths_is_a_value()
    {
        var scrubber = new ErrorValueScrubber(_fingerprinter);
        var body = JsonNode.Parse("""[{"op":"test","path":"/metadata/labels/tier","value":"backend-tier"}]""");
        var scrubbed = ErrorValueScrubber.Scrub("test failed at /metadata/labels/tier: backend-tier", scrubber.ValuesOf(body, true, isPatch: true));
        Assert.Equal($"test failed at /metadata/labels/tier: {_fingerprinter.Fingerprint("backend-tier")}", scrubbed);
    }
}
