using System.Text.Json;
using System.Text.Json.Nodes;
using AtRest.ApiServer.Tests.Support;
using AtRest.Tests.Shared.Fuzz;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// Hostile bodies from the decoder fuzzers, sent to the real server over HTTPS as the admin: create, update and every
/// patch type, for secrets, configmaps and namespaces, in JSON, YAML and protobuf. Every answer must be a 4xx Status
/// (or a 2xx for the inputs that are still valid objects), never a 5xx; a rejected request must leave every stored
/// key, value and revision as it was.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileBodyFuzzTests
{
    private const string Created = "created";
    private const int MaxFailuresShown = 10;
    private static readonly int Requests = FuzzSeed.Scaled(2_000);
    private static readonly string[] Resources = ["secrets", "configmaps", "namespaces"];

    [Fact]
    public async Task Hostile_bodies_get_a_4xx_Status_or_a_2xx_and_rejected_ones_change_no_stored_byte()
    {
        await using var server = await HostileServer.StartAsync();
        using var client = server.AdminClient();
        foreach (var (path, body) in SetupRequests())
        {
            var (response, answer) = await client.PostJsonAsync(path, body);
            Assert.True((int)response.StatusCode == 201, $"setup POST {path}: {(int)response.StatusCode} {answer?.ToJsonString()}");
        }

        var plans = Resources.ToDictionary(r => r, r => new ResourcePlans(r, FuzzSeed.Value));
        var before = await server.DumpAsync();
        int accepted = 0, rejected = 0;
        var failures = new List<string>();
        for (var i = 0; i < Requests; i++)
        {
            var plan = plans[Resources[i % Resources.Length]].For(i / Resources.Length);
            var body = plan.Inputs.Generate(i);
            var where = $"{plan.Method} {plan.Path} ({plan.ContentType}) with {plan.Inputs.Describe(i, body)}";
            using var request = new HttpRequestMessage(plan.Method, plan.Path + (i % 2 == 0 ? "?fieldValidation=Strict" : "")) { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", plan.ContentType);

            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var after = await server.DumpAsync();

            var code = (int)response.StatusCode;
            if (code >= 500)
            {
                failures.Add($"{code} for {where}: {Shorten(text)}");
            }
            else if (code >= 400)
            {
                if (StatusProblem(code, text) is { } problem)
                {
                    failures.Add($"{code} with {problem} for {where}: {Shorten(text)}");
                }

                if (before != after)
                {
                    failures.Add($"a rejected request ({code}) changed the store: {where}\nbefore:\n{before}\nafter:\n{after}");
                }

                rejected++;
            }
            else
            {
                accepted++;
            }

            if (failures.Count >= MaxFailuresShown)
            {
                break;
            }

            before = after;
        }

        Assert.True(failures.Count == 0, $"{failures.Count} broken answers (seed {FuzzSeed.Value}, first {MaxFailuresShown} shown):\n" + string.Join("\n\n", failures));
        Assert.True(accepted > 0, $"no input of seed {FuzzSeed.Value} was accepted; the seeds are no longer valid requests");
        Assert.True(rejected > Requests / 2, $"only {rejected} of {Requests} inputs were rejected (seed {FuzzSeed.Value})");
        foreach (var path in new[] { "api/v1/secrets", "api/v1/configmaps", "api/v1/namespaces" })
        {
            var (response, body) = await client.GetJsonAsync(path);
            Assert.True((int)response.StatusCode == 200, $"LIST {path} after the fuzz run: {(int)response.StatusCode} {body?.ToJsonString()}");
        }
    }

    private static IEnumerable<(string Path, string Body)> SetupRequests() =>
    [
        ("api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{BodyFuzzSeeds.Namespace}}}"}}"""),
        ("api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{BodyFuzzSeeds.Target}}}"}}"""),
        ($"api/v1/namespaces/{BodyFuzzSeeds.Namespace}/secrets", $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{BodyFuzzSeeds.Target}}}"},"data":{"user":"YWRtaW4="}}"""),
        ($"api/v1/namespaces/{BodyFuzzSeeds.Namespace}/configmaps", $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{BodyFuzzSeeds.Target}}}"},"data":{"a":"b"}}"""),
    ];

    // Null when the body is the Status of this code, else what is wrong with it.
    private static string? StatusProblem(int code, string text)
    {
        JsonNode? status;
        try
        {
            status = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            return $"a body that is not JSON ({e.Message})";
        }

        return status is JsonObject
            && status["kind"]?.GetValue<string>() == "Status"
            && status["code"]?.GetValue<int>() == code
            && status["status"]?.GetValue<string>() == "Failure"
            ? null
            : "a body that is not its Status";
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    /// <summary>The requests for one resource: which verb, URL, content type and input generator request <c>n</c> uses.</summary>
    private sealed class ResourcePlans
    {
        private readonly RequestPlan[] _plans;

        public ResourcePlans(string resource, int seed)
        {
            var collection = resource == "namespaces" ? "api/v1/namespaces" : $"api/v1/namespaces/{BodyFuzzSeeds.Namespace}/{resource}";
            var item = $"{collection}/{BodyFuzzSeeds.Target}";
            var patches = new FuzzInputs(FuzzFormat.Json, BodyFuzzSeeds.Patches(), seed);
            _plans =
            [
                new(HttpMethod.Post, collection, "application/json", new(FuzzFormat.Json, BodyFuzzSeeds.Json(resource, Created), seed)),
                new(HttpMethod.Post, collection, "application/yaml", new(FuzzFormat.Yaml, BodyFuzzSeeds.Yaml(resource, Created), seed)),
                new(HttpMethod.Post, collection, "application/vnd.kubernetes.protobuf", new(FuzzFormat.Protobuf, BodyFuzzSeeds.Protobuf(resource, Created), seed)),
                new(HttpMethod.Put, item, "application/json", new(FuzzFormat.Json, BodyFuzzSeeds.Json(resource, BodyFuzzSeeds.Target), seed)),
                new(HttpMethod.Put, item, "application/yaml", new(FuzzFormat.Yaml, BodyFuzzSeeds.Yaml(resource, BodyFuzzSeeds.Target), seed)),
                new(HttpMethod.Put, item, "application/vnd.kubernetes.protobuf", new(FuzzFormat.Protobuf, BodyFuzzSeeds.Protobuf(resource, BodyFuzzSeeds.Target), seed)),
                new(HttpMethod.Patch, item, "application/merge-patch+json", patches),
                new(HttpMethod.Patch, item, "application/strategic-merge-patch+json", patches),
                new(HttpMethod.Patch, item, "application/json-patch+json", patches),
                new(HttpMethod.Patch, item, "application/apply-patch+yaml", new(FuzzFormat.Yaml, BodyFuzzSeeds.Yaml(resource, BodyFuzzSeeds.Target), seed)),
            ];
        }

        public RequestPlan For(int n) => _plans[n % _plans.Length];
    }

    private sealed record RequestPlan(HttpMethod Method, string Path, string ContentType, FuzzInputs Inputs);
}
