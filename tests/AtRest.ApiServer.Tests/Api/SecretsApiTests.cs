using System.Net;
using System.Net.Http.Headers;
using AtRest.ApiServer.Tests.Support;

namespace AtRest.ApiServer.Tests.Api;

[Trait("Category", "Integration")]
public sealed class SecretsApiTests : IAsyncLifetime
{
    private const string Secrets = "api/v1/namespaces/default/secrets";
    private TestApiServer server = null!;

    private HttpClient Client => server.Client;

    public async ValueTask InitializeAsync() => server = await TestApiServer.StartAsync(EncryptionConfigs.AescbcKey1());

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Create_Json_Returns201WithServerFieldsAndOpaqueType()
    {
        var body = await Client.CreateSecretAsync("s1");

        Assert.Equal("Secret", (string?)body["kind"]);
        Assert.Equal("v1", (string?)body["apiVersion"]);
        Assert.Equal("default", (string?)body["metadata"]!["namespace"]);
        Assert.False(string.IsNullOrEmpty((string?)body["metadata"]!["uid"]));
        Assert.False(string.IsNullOrEmpty((string?)body["metadata"]!["resourceVersion"]));
        Assert.NotNull(body["metadata"]!["creationTimestamp"]);
        Assert.Equal("Opaque", (string?)body["type"]);
        Assert.Equal("YWRtaW4=", (string?)body["data"]!["user"]);
    }

    [Fact]
    public async Task Create_KubectlProtobufBody_IsDecoded()
    {
        // kubectl 1.32 `create secret generic secret1 --from-literal user=admin` (kubectl-wire-protocol.md §9).
        var bytes = Convert.FromHexString(
            "6b3873000a0c0a0276311206536563726574122a0a170a077365637265743112001a00220" +
            "02a00320038004200120d0a0475736572120561646d696e1a001a002200");
        using var request = new HttpRequestMessage(HttpMethod.Post, Secrets + "?fieldManager=kubectl-create&fieldValidation=Strict")
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        request.Headers.TryAddWithoutValidation("Accept", "application/json");

        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var (_, body) = await Client.GetJsonAsync(Secrets + "/secret1");
        Assert.Equal("YWRtaW4=", (string?)body!["data"]!["user"]);
        Assert.Equal("Opaque", (string?)body["type"]);
    }

    [Fact]
    public async Task Create_Existing_IsAlreadyExistsStatus()
    {
        await Client.CreateSecretAsync("s1");

        var (response, body) = await Client.PostJsonAsync(Secrets, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"}}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("AlreadyExists", (string?)body!["reason"]);
        Assert.Equal("secrets \"s1\" already exists", (string?)body["message"]);
        Assert.Equal("secrets", (string?)body["details"]!["kind"]);
        Assert.Equal(409, (int?)body["code"]);
    }

    [Fact]
    public async Task Create_InvalidName_IsInvalidWithCause()
    {
        var (response, body) = await Client.PostJsonAsync(Secrets, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"Bad_Name"}}""");

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("Invalid", (string?)body!["reason"]);
        Assert.Equal(
            "Secret \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            (string?)body["message"]);
        var cause = body["details"]!["causes"]![0]!;
        Assert.Equal("FieldValueInvalid", (string?)cause["reason"]);
        Assert.Equal("metadata.name", (string?)cause["field"]);
        Assert.Equal("Secret", (string?)body["details"]!["kind"]);
    }

    [Fact]
    public async Task Create_BadDataKeyAndOversizedData_ListsBothErrors()
    {
        var big = Convert.ToBase64String(new byte[(1024 * 1024) + 1]);
        var (response, body) = await Client.PostJsonAsync(Secrets,
            $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},"data":{"bad key":"eA==","big":"{{{big}}}"}}""");

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var message = (string?)body!["message"];
        Assert.StartsWith("Secret \"s1\" is invalid: [data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')", message);
        Assert.Contains("data: Too long: may not be more than 1048576 bytes", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_InMissingNamespace_IsNamespaceNotFound()
    {
        var (response, body) = await Client.PostJsonAsync("api/v1/namespaces/nope/secrets",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"}}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("namespaces \"nope\" not found", (string?)body!["message"]);
    }

    [Fact]
    public async Task Create_UnknownFieldUnderStrict_IsBadRequest_UnderWarn_IsWarning()
    {
        const string Body = """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},"foo":1}""";

        var (strict, strictBody) = await Client.PostJsonAsync(Secrets + "?fieldValidation=Strict", Body);
        var (warn, _) = await Client.PostJsonAsync(Secrets + "?fieldValidation=Warn", Body);

        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
        Assert.Equal("Secret in version \"v1\" cannot be handled as a Secret: strict decoding error: unknown field \"foo\"", (string?)strictBody!["message"]);
        Assert.Equal(HttpStatusCode.Created, warn.StatusCode);
        Assert.Contains("299 - \"unknown field \\\"foo\\\"\"", warn.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task Create_StringData_IsFoldedIntoDataAndNeverReturned()
    {
        var (response, body) = await Client.PostJsonAsync(Secrets,
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},"data":{"a":"b2xk"},"stringData":{"a":"new","b":"x"}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null(body!["stringData"]);
        Assert.Equal("bmV3", (string?)body["data"]!["a"]);
        Assert.Equal("eA==", (string?)body["data"]!["b"]);
    }

    [Fact]
    public async Task Create_GenerateName_GetsRandomSuffix()
    {
        var (response, body) = await Client.PostJsonAsync(Secrets, """{"apiVersion":"v1","kind":"Secret","metadata":{"generateName":"gen-"}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Matches("^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$", (string?)body!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Get_Missing_IsNotFoundStatus()
    {
        var (response, body) = await Client.GetJsonAsync(Secrets + "/nosuch");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Status", (string?)body!["kind"]);
        Assert.Equal("Failure", (string?)body["status"]);
        Assert.Equal("secrets \"nosuch\" not found", (string?)body["message"]);
        Assert.Equal("nosuch", (string?)body["details"]!["name"]);
    }

    [Fact]
    public async Task Put_StaleResourceVersion_IsConflict_NoResourceVersion_IsUnconditional()
    {
        var created = await Client.CreateSecretAsync("s1");
        var rv = (string?)created["metadata"]!["resourceVersion"];
        var (first, firstBody) = await Client.SendAsync(HttpMethod.Put, Secrets + "/s1",
            $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1","resourceVersion":"{{{rv}}}"},"data":{"user":"cm9vdA=="}}""");

        var (stale, staleBody) = await Client.SendAsync(HttpMethod.Put, Secrets + "/s1",
            $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1","resourceVersion":"{{{rv}}}"},"data":{"user":"eA=="}}""");
        var (blind, _) = await Client.SendAsync(HttpMethod.Put, Secrets + "/s1",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},"data":{"user":"eQ=="}}""");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(rv, (string?)firstBody!["metadata"]!["resourceVersion"]);
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)firstBody["metadata"]!["uid"]);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("Conflict", (string?)staleBody!["reason"]);
        Assert.Equal("Operation cannot be fulfilled on secrets \"s1\": the object has been modified; please apply your changes to the latest version and try again", (string?)staleBody["message"]);
        Assert.Equal(HttpStatusCode.OK, blind.StatusCode);
    }

    [Fact]
    public async Task Put_Unchanged_KeepsResourceVersion()
    {
        await Client.CreateSecretAsync("s1");
        var (_, current) = await Client.GetJsonAsync(Secrets + "/s1");

        var (response, body) = await Client.SendAsync(HttpMethod.Put, Secrets + "/s1", current!.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((string?)current["metadata"]!["resourceVersion"], (string?)body!["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task Immutable_DataChangeAndUnsetting_AreForbidden_TypeChangeIsInvalid()
    {
        await Client.PostJsonAsync(Secrets, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},"immutable":true,"data":{"a":"eA=="}}""");

        var (data, dataBody) = await Client.SendAsync(HttpMethod.Patch, Secrets + "/s1", """{"data":{"a":"eQ=="}}""", "application/merge-patch+json");
        var (unset, unsetBody) = await Client.SendAsync(HttpMethod.Patch, Secrets + "/s1", """{"immutable":false}""", "application/merge-patch+json");
        var (type, typeBody) = await Client.SendAsync(HttpMethod.Patch, Secrets + "/s1", """{"type":"kubernetes.io/tls"}""", "application/merge-patch+json");

        Assert.Equal((HttpStatusCode)422, data.StatusCode);
        Assert.Equal("Secret \"s1\" is invalid: data: Forbidden: field is immutable when `immutable` is set", (string?)dataBody!["message"]);
        Assert.Equal("Secret \"s1\" is invalid: immutable: Forbidden: field is immutable when `immutable` is set", (string?)unsetBody!["message"]);
        Assert.Equal((HttpStatusCode)422, unset.StatusCode);
        Assert.Equal((HttpStatusCode)422, type.StatusCode);
        Assert.StartsWith("Secret \"s1\" is invalid: [type: Invalid value: \"kubernetes.io/tls\": field is immutable", (string?)typeBody!["message"]);
    }

    [Fact]
    public async Task Patch_StrategicMerge_NullDeletes_StringDataFolds()
    {
        await Client.CreateSecretAsync("s1", extra: ""","labels":{"app":"x"}""");

        var (response, body) = await Client.SendAsync(HttpMethod.Patch, Secrets + "/s1?fieldManager=kubectl-client-side-apply&fieldValidation=Strict",
            """{"data":{"user":null},"metadata":{"labels":null,"annotations":{"a":"b"}},"stringData":{"extra":"hello"},"$setElementOrder/x":[]}""",
            "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(body!["data"]!["user"]);
        Assert.Equal("aGVsbG8=", (string?)body["data"]!["extra"]);
        Assert.Null(body["metadata"]!["labels"]);
        Assert.Equal("b", (string?)body["metadata"]!["annotations"]!["a"]);
        Assert.Null(body["stringData"]);
    }

    [Fact]
    public async Task Patch_NoOp_KeepsResourceVersion()
    {
        var created = await Client.CreateSecretAsync("s1");

        var (response, body) = await Client.SendAsync(HttpMethod.Patch, Secrets + "/s1", """{"data":{"user":"YWRtaW4="}}""", "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)body!["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task Patch_JsonPatch_AddsAndTestFailureIsRejected()
    {
        await Client.CreateSecretAsync("s1");

        var (added, addedBody) = await Client.SendAsync(HttpMethod.Patch, Secrets + "/s1", """[{"op":"add","path":"/data/j","value":"ag=="}]""", "application/json-patch+json");
        var (failed, _) = await Client.SendAsync(HttpMethod.Patch, Secrets + "/s1", """[{"op":"test","path":"/data/j","value":"other"}]""", "application/json-patch+json");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("ag==", (string?)addedBody!["data"]!["j"]);
        Assert.Equal((HttpStatusCode)422, failed.StatusCode);
    }

    [Fact]
    public async Task Patch_UnsupportedContentType_Is415()
    {
        await Client.CreateSecretAsync("s1");

        var (response, body) = await Client.SendAsync(HttpMethod.Patch, Secrets + "/s1", "{}", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("UnsupportedMediaType", (string?)body!["reason"]);
    }

    [Fact]
    public async Task ServerSideApply_CreatesMissingObject()
    {
        var (response, body) = await Client.SendAsync(HttpMethod.Patch, Secrets + "/s3?fieldManager=kubectl&fieldValidation=Strict&force=false",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s3","namespace":"default"},"stringData":{"k":"v"}}""", "application/apply-patch+yaml");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("dg==", (string?)body!["data"]!["k"]);
    }

    [Fact]
    public async Task Delete_ReturnsSuccessStatus_ThenNotFound()
    {
        await Client.CreateSecretAsync("s1");

        var (response, body) = await Client.SendAsync(HttpMethod.Delete, Secrets + "/s1", """{"propagationPolicy":"Background"}""");
        var (again, againBody) = await Client.SendAsync(HttpMethod.Delete, Secrets + "/s1");
        var (get, _) = await Client.GetJsonAsync(Secrets + "/s1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Success", (string?)body!["status"]);
        Assert.Equal("s1", (string?)body["details"]!["name"]);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("secrets \"s1\" not found", (string?)againBody!["message"]);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Delete_WrongUidPrecondition_IsConflict()
    {
        await Client.CreateSecretAsync("s1");

        var (response, body) = await Client.SendAsync(HttpMethod.Delete, Secrets + "/s1", """{"preconditions":{"uid":"not-it"}}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.StartsWith("Operation cannot be fulfilled on secrets \"s1\": Precondition failed: UID in precondition: not-it, UID in object meta: ", (string?)body!["message"]);
    }

    [Fact]
    public async Task DeleteCollection_DeletesWhatTheSelectorMatches()
    {
        await Client.CreateSecretAsync("a", extra: ""","labels":{"app":"x"}""");
        await Client.CreateSecretAsync("b", extra: ""","labels":{"app":"y"}""");

        var (response, body) = await Client.SendAsync(HttpMethod.Delete, Secrets + "?labelSelector=app%3Dx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("SecretList", (string?)body!["kind"]);
        Assert.Single(body["items"]!.AsArray());
        var (_, list) = await Client.GetJsonAsync(Secrets);
        Assert.Equal("b", (string?)list!["items"]![0]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task List_SelectorsAllNamespacesAndPaging()
    {
        await Client.PostJsonAsync("api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}""");
        await Client.CreateSecretAsync("a", extra: ""","labels":{"env":"prod","tier":"web"}""");
        await Client.CreateSecretAsync("b", extra: ""","labels":{"env":"dev"}""");
        await Client.CreateSecretAsync("c");
        await Client.CreateSecretAsync("d", "team-a");

        async Task<string[]> Names(string query)
        {
            var (response, body) = await Client.GetJsonAsync(query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return [.. body!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!)];
        }

        Assert.Equal(["a", "b", "c", "d"], await Names("api/v1/secrets"));
        Assert.Equal(["a"], await Names(Secrets + "?labelSelector=env%3D%3Dprod"));
        Assert.Equal(["b", "c"], await Names(Secrets + "?labelSelector=env!%3Dprod"));
        Assert.Equal(["a", "b"], await Names(Secrets + "?labelSelector=env%20in%20(prod,dev)"));
        Assert.Equal(["c"], await Names(Secrets + "?labelSelector=!env"));
        Assert.Equal(["a"], await Names(Secrets + "?labelSelector=env,tier"));
        Assert.Equal(["b", "c"], await Names(Secrets + "?labelSelector=env%20notin%20(prod)"));
        Assert.Equal(["b"], await Names(Secrets + "?fieldSelector=metadata.name%3Db"));
        Assert.Equal(["d"], await Names("api/v1/secrets?fieldSelector=metadata.namespace%3Dteam-a"));
        Assert.Equal(["a", "b", "c"], await Names(Secrets + "?fieldSelector=type%3DOpaque"));

        var (_, page1) = await Client.GetJsonAsync("api/v1/secrets?limit=3");
        Assert.Equal(3, page1!["items"]!.AsArray().Count);
        var token = (string?)page1["metadata"]!["continue"];
        var (_, page2) = await Client.GetJsonAsync("api/v1/secrets?limit=3&continue=" + Uri.EscapeDataString(token!));
        Assert.Equal("d", (string?)page2!["items"]![0]!["metadata"]!["name"]);
        Assert.Null(page2["metadata"]!["continue"]);
        Assert.Equal((string?)page1["metadata"]!["resourceVersion"], (string?)page2["metadata"]!["resourceVersion"]);

        var (bad, badBody) = await Client.GetJsonAsync(Secrets + "?fieldSelector=spec.foo%3Dx");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("field label not supported: spec.foo", (string?)badBody!["message"]);
    }

    [Fact]
    public async Task List_Table_HasKubectlColumnsAndMetadataRows()
    {
        await Client.CreateSecretAsync("s1", extra: ""","labels":{"app":"x"}""");

        var (response, table) = await Client.GetJsonAsync(Secrets + "?limit=500",
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Table", (string?)table!["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)table["apiVersion"]);
        Assert.Equal(["Name", "Type", "Data", "Age"], table["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!));
        var row = table["rows"]![0]!;
        Assert.Equal("s1", (string?)row["cells"]![0]);
        Assert.Equal("Opaque", (string?)row["cells"]![1]);
        Assert.Equal(1, (int?)row["cells"]![2]);
        Assert.Matches("^[0-9]+s$", (string?)row["cells"]![3]);
        Assert.Equal("PartialObjectMetadata", (string?)row["object"]!["kind"]);
        Assert.Equal("default", (string?)row["object"]!["metadata"]!["namespace"]);
        Assert.Equal("x", (string?)row["object"]!["metadata"]!["labels"]!["app"]);
        Assert.False(string.IsNullOrEmpty((string?)table["metadata"]!["resourceVersion"]));

        var (_, none) = await Client.GetJsonAsync(Secrets + "/s1?includeObject=None", "application/json;as=Table;v=v1;g=meta.k8s.io");
        Assert.Null(none!["rows"]![0]!["object"]);
    }

    [Fact]
    public async Task Get_ProtobufAccepted_AnswersProtobuf()
    {
        await Client.CreateSecretAsync("s1");
        using var request = new HttpRequestMessage(HttpMethod.Get, Secrets + "/s1");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.kubernetes.protobuf,application/json");

        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("application/vnd.kubernetes.protobuf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal("k8s\0"u8.ToArray(), bytes[..4]);
    }

    [Fact]
    public async Task UnsupportedVerb_IsMethodNotAllowed()
    {
        var (response, body) = await Client.SendAsync(HttpMethod.Post, "api/v1/secrets", "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("MethodNotAllowed", (string?)body!["reason"]);
    }

    [Fact]
    public async Task Create_UnsupportedBodyType_Is415()
    {
        var (response, body) = await Client.SendAsync(HttpMethod.Post, Secrets, "x", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("UnsupportedMediaType", (string?)body!["reason"]);
    }
}
