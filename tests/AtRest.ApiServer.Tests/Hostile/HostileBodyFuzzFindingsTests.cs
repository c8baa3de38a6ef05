using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AtRest.ApiServer.Tests.Support;
using AtRest.Kubernetes;
using AtRest.Kubernetes.Model;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>The request bodies the server fuzzer found answered with a 500 (or able to exhaust memory), pinned.</summary>
[Trait("Category", "Integration")]
public sealed class HostileBodyFuzzFindingsTests
{
    [Fact]
    public async Task An_unknown_field_named_with_control_or_non_ASCII_characters_is_a_warning_not_a_500()
    {
        // The field name went raw into the Warning header, which Kestrel refuses: 500 "Invalid non-ASCII or control character in header".
        await using var server = await HostileServer.StartAsync();
        using var client = server.AdminClient();

        var (response, body) = await client.SendAsync(
            HttpMethod.Post, "api/v1/namespaces/default/secrets", "kind: Secret\napiVersion: v1\nmetadata:\n  name: w\n  \u001fnn\uFEFFo\u00fc: x\n", "application/yaml");

        Assert.True(response.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        var warning = Assert.Single(response.Headers.GetValues("Warning"));
        Assert.Equal("299 - \"unknown field \\\"metadata.\\u001fnn\\ufeffo\\u00fc\\\"\"", warning);
    }

    [Theory]
    [InlineData("application/merge-patch+json", "{\"metadata\":{\"labels\":{\"a\":\"1\",\"a\":\"2\"}}}")]
    [InlineData("application/strategic-merge-patch+json", "{\"metadata\":{\"labels\":{\"a\":\"1\",\"a\":\"2\"}}}")]
    [InlineData("application/apply-patch+yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: p\n  labels:\n    a: \"1\"\n    a: \"2\"\n")]
    public async Task A_patch_that_repeats_a_key_keeps_the_last_value_as_Go_does(string contentType, string patch)
    {
        // JsonNode threw ArgumentException ("An item with the same key has already been added") on the repeated key.
        await using var server = await HostileServer.StartAsync();
        using var client = server.AdminClient();
        await client.CreateSecretAsync("p");

        // An apply names its field manager (kube-apiserver answers 422 without one).
        var query = contentType == "application/apply-patch+yaml" ? "?fieldManager=fuzz" : "";
        var (response, body) = await client.SendAsync(HttpMethod.Patch, "api/v1/namespaces/default/secrets/p" + query, patch, contentType);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
        Assert.Equal("2", body!["metadata"]!["labels"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_JSON_patch_of_more_than_10000_operations_is_413_with_kube_apiservers_message()
    {
        await using var server = await HostileServer.StartAsync();
        using var client = server.AdminClient();
        await client.CreateSecretAsync("p");
        var patch = "[" + string.Join(',', Enumerable.Repeat("{\"op\":\"test\",\"path\":\"/kind\",\"value\":\"Secret\"}", 10_001)) + "]";

        var (response, body) = await client.SendAsync(HttpMethod.Patch, "api/v1/namespaces/default/secrets/p", patch, "application/json-patch+json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_JSON_patch_that_copies_the_document_into_itself_stops_at_3_MiB_of_copies()
    {
        // Each copy of the whole object into itself doubles it: 40 operations would ask for terabytes.
        await using var server = await HostileServer.StartAsync();
        using var client = server.AdminClient();
        await client.CreateSecretAsync("p");
        var copies = Enumerable.Range(0, 40).Select(i => $"{{\"op\":\"copy\",\"from\":\"/metadata\",\"path\":\"/metadata/annotations/c{i}\"}}");
        var patch = "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{}}," + string.Join(',', copies) + "]";

        var (response, body) = await client.SendAsync(HttpMethod.Patch, "api/v1/namespaces/default/secrets/p", patch, "application/json-patch+json");

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.StartsWith("Unable to complete the copy, the accumulated size increase of copy is ", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith(", exceeding the limit 3145728", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_rejected_finding_leaves_the_store_as_it_was()
    {
        await using var server = await HostileServer.StartAsync();
        using var client = server.AdminClient();
        await client.CreateSecretAsync("p");
        var before = await server.DumpAsync();

        using var request = new HttpRequestMessage(HttpMethod.Patch, "api/v1/namespaces/default/secrets/p")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"metadata\":{\"labels\":{\"\\ud800\":\"x\"}}")),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/merge-patch+json");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await server.DumpAsync());
    }

    [Theory]
    [InlineData(1L << 40, 0)]
    [InlineData(253402300799L, int.MaxValue)]
    [InlineData(-62135596800L, -200)]
    public async Task A_protobuf_body_with_a_time_JSON_cannot_carry_is_400_and_stores_nothing(long seconds, int nanos)
    {
        // Protobuf carries any seconds and nanos; the object was stored, then every JSON answer about it failed with a
        // 500 (KubernetesJsonException, or ArgumentOutOfRangeException when the nanos carried past year 9999).
        await using var server = await HostileServer.StartAsync();
        using var client = server.AdminClient();
        var secret = new Secret { Metadata = new ObjectMeta { Name = "t" } };
        secret.Metadata.ManagedFields.Add(new ManagedFieldsEntry { Manager = "m", Operation = "Update", ApiVersion = "v1", Time = new KubernetesTime(seconds, nanos) });
        var before = await server.DumpAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/namespaces/default/secrets") { Content = new ByteArrayContent(KubernetesObjectCodec.EncodeProtobuf(secret)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains("the time is outside years 1 to 9999", text, StringComparison.Ordinal);
        Assert.Equal(before, await server.DumpAsync());
        var (list, body) = await client.GetJsonAsync("api/v1/namespaces/default/secrets");
        Assert.True(list.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
    }
}
