using Actors.Abstractions.Requests;
using Actors.Silo.Callbacks;

namespace Actors.Tests;

public sealed class CallbackBackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(10, 512)]
    [InlineData(12, 2048)]
    [InlineData(13, 3600)]
    [InlineData(1000, 3600)]
    public void Doubles_from_the_first_delay_up_to_the_maximum(int failures, double ceilingSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds / 2), CallbackBackoff.Delay(failures, First, Max, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds * 0.75), CallbackBackoff.Delay(failures, First, Max, jitter: 0.5));
        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds), CallbackBackoff.Delay(failures, First, Max, jitter: 1));
    }

    [Fact]
    public void Jitter_spreads_delays_between_half_and_all_of_the_ceiling()
    {
        var delays = Enumerable.Range(0, 1000).Select(_ => CallbackBackoff.Delay(3, First, Max, Random.Shared.NextDouble())).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)));
        Assert.True(delays.Distinct().Count() > 100);
    }

    [Fact]
    public void A_day_of_failures_takes_about_thirty_attempts_with_the_defaults()
    {
        var (elapsed, attempts) = (TimeSpan.Zero, 0);
        while (elapsed < TimeSpan.FromDays(1))
        {
            elapsed += CallbackBackoff.Delay(++attempts, First, Max, jitter: 1);
        }

        Assert.InRange(attempts, 30, 40);
    }
}
