using System.Security.Cryptography;
using AtRest.ApiServer.Tests.Support;
using static AtRest.ApiServer.Tests.Hostile.HostileRequests;

namespace AtRest.ApiServer.Tests.Hostile;

/// <summary>
/// Values no provider can read (bad ciphertext, an unknown key name) or that do not decode: GET names the key and the
/// reason (500), LIST answers kube 1.32's StorageReadError naming every failing key, and only a DELETE with
/// <c>ignoreStoreReadErrorWithClusterBreakingPotential</c> removes one, without decrypting it, with kube's validation.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileCorruptValueTests : IAsyncLifetime
{
    private const string BrokenKey = "/registry/secrets/victim/broken";
    private const string UnknownKeyKey = "/registry/secrets/victim/unknown-key";
    private const string GarbageKey = "/registry/configmaps/victim/garbage";
    private const string Secrets = "api/v1/namespaces/victim/secrets";
    private const string Option = "ignoreStoreReadErrorWithClusterBreakingPotential";
    private HostileServer _server = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await HostileServer.StartAsync(EncryptionConfigs.AescbcKey1());
        _client = _server.AdminClient();
        await SeedAsync(_client);
        var token = TestContext.Current.CancellationToken;
        await _server.Store.CreateAsync(BrokenKey, (byte[])[.. "k8s:enc:aescbc:v1:key1:"u8.ToArray(), .. RandomNumberGenerator.GetBytes(48)], token);
        await _server.Store.CreateAsync(UnknownKeyKey, (byte[])[.. "k8s:enc:aescbc:v1:key9:"u8.ToArray(), .. RandomNumberGenerator.GetBytes(48)], token);
        await _server.Store.CreateAsync(GarbageKey, "not a protobuf object"u8.ToArray(), token);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(Secrets + "/broken", BrokenKey, "data from the storage is not transformable revision=0: ")]
    [InlineData(Secrets + "/unknown-key", UnknownKeyKey, "data from the storage is not transformable revision=0: ")]
    [InlineData("api/v1/namespaces/victim/configmaps/garbage", GarbageKey, "object not decodable revision=")]
    public async Task Get_names_the_key_and_the_reason(string path, string key, string reason)
    {
        var json = await ExpectAsync(_client, "GET", path, null, 500);

        var message = json!["message"]!.GetValue<string>();
        Assert.StartsWith($"Internal error occurred: StorageError: corrupt object, Code: 7, Key: {key}, ResourceVersion: 0, AdditionalErrorMsg: {reason}", message, StringComparison.Ordinal);
        Assert.Equal("InternalError", json["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Secrets, "secrets", new[] { BrokenKey, UnknownKeyKey })]
    [InlineData("api/v1/secrets", "secrets", new[] { BrokenKey, UnknownKeyKey })]
    [InlineData("api/v1/namespaces/victim/configmaps", "configmaps", new[] { GarbageKey })]
    public async Task List_is_a_StorageReadError_naming_every_failing_key(string path, string resource, string[] keys)
    {
        var json = await ExpectAsync(_client, "GET", path, null, 500);

        Assert.Equal($"failed to read one or more {resource} from the storage", json!["message"]!.GetValue<string>());
        Assert.Equal("StorageReadError", json["reason"]!.GetValue<string>());
        Assert.Equal(resource, json["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("list", json["details"]!["name"]!.GetValue<string>());
        var causes = json["details"]!["causes"]!.AsArray();
        Assert.Equal(keys, causes.Select(c => c!["field"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray());
        Assert.All(causes, c => Assert.Equal("UnexpectedServerResponse", c!["reason"]!.GetValue<string>()));
        Assert.All(causes, c => Assert.StartsWith("StorageError: corrupt object, Code: 7, Key: /registry/", c!["message"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_a_delete_with_the_option_removes_corrupt_values_and_nothing_else()
    {
        await ExpectAsync(_client, "DELETE", $"{Secrets}/broken", null, 500);
        var before = await _server.DumpAsync();
        Assert.Contains(BrokenKey + " ", before, StringComparison.Ordinal);

        var body = await ExpectAsync(_client, "DELETE", $"{Secrets}/broken", $$"""{"kind":"DeleteOptions","apiVersion":"v1","{{Option}}":true}""", 200);
        Assert.Equal("Success", body!["status"]!.GetValue<string>());
        Assert.Equal("broken", body["details"]!["name"]!.GetValue<string>());
        Assert.Equal("Secret", body["details"]!["kind"]!.GetValue<string>());
        await ExpectAsync(_client, "DELETE", $"{Secrets}/unknown-key?{Option}=true", null, 200);
        await ExpectAsync(_client, "DELETE", $"api/v1/namespaces/victim/configmaps/garbage?{Option}=true", null, 200);

        // Exactly the three corrupt keys are gone; every other key, value and revision is as it was. The server's
        // DecryptionFailed event about the first DELETE's failed read is written in the background, so events are left out.
        var after = await _server.DumpAsync();
        var expected = before.Split('\n').Skip(1).Where(NotAnEvent)
            .Where(line => !line.StartsWith(BrokenKey + " ", StringComparison.Ordinal) && !line.StartsWith(UnknownKeyKey + " ", StringComparison.Ordinal)
                && !line.StartsWith(GarbageKey + " ", StringComparison.Ordinal));
        Assert.Equal(string.Join('\n', expected), string.Join('\n', after.Split('\n').Skip(1).Where(NotAnEvent)));
        var list = await ExpectAsync(_client, "GET", Secrets, null, 200);
        Assert.Equal("s1", Assert.Single(list!["items"]!.AsArray())!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_option_on_a_readable_or_missing_object_is_422_and_deletes_nothing()
    {
        var before = await _server.DumpAsync();

        foreach (var name in (string[])["s1", "missing"])
        {
            var json = await ExpectAsync(_client, "DELETE", $"{Secrets}/{name}?{Option}=true", null, 422);
            Assert.Equal(
                $"secrets \"{name}\" is invalid: {Option}: Invalid value: true: is exclusively used to delete corrupt object(s), try again by removing this option",
                json!["message"]!.GetValue<string>());
        }

        Assert.Equal(before, await _server.DumpAsync());
    }

    [Theory]
    [InlineData("""{"ignoreStoreReadErrorWithClusterBreakingPotential":true,"dryRun":["All"]}""",
        "ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .dryRun")]
    [InlineData("""{"ignoreStoreReadErrorWithClusterBreakingPotential":true,"propagationPolicy":"Background","gracePeriodSeconds":0}""",
        "[ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .propagationPolicy, ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .gracePeriodSeconds]")]
    [InlineData("""{"ignoreStoreReadErrorWithClusterBreakingPotential":true,"preconditions":{"uid":"x"},"orphanDependents":false}""",
        "[ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .orphanDependents, ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .preconditions]")]
    public async Task The_option_with_other_options_is_kubes_422(string body, string errors)
    {
        var before = await _server.DumpAsync();

        var json = await ExpectAsync(_client, "DELETE", $"{Secrets}/broken", body, 422);

        Assert.Equal($"DeleteOptions.meta.k8s.io \"\" is invalid: {errors}", json!["message"]!.GetValue<string>());
        Assert.Equal(before, await _server.DumpAsync());
    }

    [Fact]
    public async Task The_option_on_deletecollection_is_refused()
    {
        var before = await _server.DumpAsync();

        var json = await ExpectAsync(_client, "DELETE", Secrets, $$"""{"{{Option}}":true}""", 422);

        Assert.Equal(
            $"DeleteOptions.meta.k8s.io \"\" is invalid: {Option}: Invalid value: true: is not allowed with DELETECOLLECTION, try again after removing the option",
            json!["message"]!.GetValue<string>());
        Assert.Equal(before, await _server.DumpAsync());
    }

    private static bool NotAnEvent(string dumpLine) => !dumpLine.StartsWith("/registry/events/", StringComparison.Ordinal);
}
