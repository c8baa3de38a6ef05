using System.Text;
using AtRest.Tests.Shared;

namespace AtRest.Cli.Tests.KmsPlugin;

/// <summary>
/// Issue 10 point 2: with <c>--feature-gates=KMSv1=true</c> the server writes and reads KMS v1 through
/// <c>atrest kms-plugin</c>'s v1beta1 service, and a replace after switching the write provider to v2 moves the data off v1.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KmsV1MigrationTests : IDisposable
{
    private readonly TempDirectory _scratch = new("kms-v1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Values_written_with_kms_v1_are_read_and_rewritten_with_kms_v2()
    {
        await using var bed = await KmsTestBed.StartAsync(_scratch, ["--backend", "file", "--key-file", _scratch.File("keys.json")], null, ["v1"]);
        await bed.Api.CreateSecretOrFailAsync("legacy", "from the v1 days", Ct);
        Assert.StartsWith("k8s:enc:kms:v1:atrest-v1:", Encoding.Latin1.GetString(await bed.StoredBytesAsync("legacy")), StringComparison.Ordinal);
        Assert.Equal("from the v1 days", await bed.Api.ReadSecretAsync("legacy", Ct));

        await bed.WriteConfigAsync(["v2", "v1"]);
        await bed.RestartServerAsync();
        Assert.Equal("from the v1 days", await bed.Api.ReadSecretAsync("legacy", Ct));
        await bed.Api.ReplaceSecretAsync("legacy", Ct);

        Assert.Equal("1", (await bed.StoredAsync("legacy")).KeyID);
        Assert.Equal("from the v1 days", await bed.Api.ReadSecretAsync("legacy", Ct));
    }
}
