using Actors.Api.Validation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Actors.Tests;

public sealed class WellKnownRulesTests
{
    [Theory]
    [InlineData(0, -1)]
    [InlineData(0, 1_000_000_000)]
    [InlineData(-62_135_596_801, 0)]
    [InlineData(253_402_300_800, 0)]
    public void A_timestamp_out_of_range_is_invalid_naming_the_field(long seconds, int nanos)
    {
        var refusal = Assert.Throws<RpcException>(() => WellKnownRules.Time("submitted_at", new Timestamp { Seconds = seconds, Nanos = nanos }));
        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.StartsWith("submitted_at: ", refusal.Status.Detail);
    }

    [Theory]
    [InlineData(1, -1)]
    [InlineData(-1, 1)]
    [InlineData(0, 1_000_000_000)]
    [InlineData(315_576_000_001, 0)]
    public void A_duration_out_of_range_is_invalid_naming_the_field(long seconds, int nanos)
    {
        var refusal = Assert.Throws<RpcException>(() => WellKnownRules.Span("ttl", new Duration { Seconds = seconds, Nanos = nanos }));
        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.StartsWith("ttl: ", refusal.Status.Detail);
    }

    [Fact]
    public void Values_in_range_and_unset_ones_pass()
    {
        Assert.Null(WellKnownRules.Time("t", null));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(5), WellKnownRules.Time("t", new Timestamp { Nanos = 500 }));
        Assert.Equal(TimeSpan.FromSeconds(-1.5), WellKnownRules.Span("d", new Duration { Seconds = -1, Nanos = -500_000_000 }));
    }
}
