using AtRest.Kubernetes.Model;

namespace AtRest.Kubernetes.Tests.Model;

public sealed class KubernetesTimeTests
{
    [Fact]
    public void Converts_to_and_from_date_time_offset_with_sub_second_precision()
    {
        var when = new DateTimeOffset(2026, 11, 28, 14, 46, 50, TimeSpan.Zero).AddTicks(1234567);

        var time = KubernetesTime.FromDateTimeOffset(when);

        Assert.Equal(new KubernetesTime(1795877210, 123456700), time);
        Assert.Equal(when, time.ToDateTimeOffset());
        Assert.Equal("2026-11-28T14:46:50Z", time.ToString());
    }

    [Fact]
    public void Times_before_the_epoch_keep_non_negative_nanos()
    {
        var time = KubernetesTime.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddTicks(-1));

        Assert.Equal(new KubernetesTime(-1, 999999900), time);
    }

    [Fact]
    public void Out_of_range_times_survive_protobuf_but_not_json()
    {
        var secret = new Secret();
        secret.Metadata.CreationTimestamp = new KubernetesTime(long.MaxValue, 0);

        var back = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeProtobuf(KubernetesObjectCodec.EncodeProtobuf(secret)));
        var error = Assert.Throws<KubernetesJsonException>(() => KubernetesObjectCodec.EncodeJson(back));

        Assert.Equal(new KubernetesTime(long.MaxValue, 0), back.Metadata.CreationTimestamp);
        Assert.False(back.Metadata.CreationTimestamp!.Value.IsRepresentable);
        Assert.Contains("creationTimestamp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Go_zero_time_reads_as_unset()
    {
        var secret = Assert.IsType<Secret>(KubernetesObjectCodec.DecodeJson(
            """{"apiVersion":"v1","kind":"Secret","metadata":{"creationTimestamp":"0001-01-01T00:00:00Z"}}"""));

        Assert.Null(secret.Metadata.CreationTimestamp);
    }
}
