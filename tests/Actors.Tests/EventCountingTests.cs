using System.Collections.Immutable;
using Actors.Abstractions.Users;
using Actors.Grains.Users;

namespace Actors.Tests;

public sealed class EventCountingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_per_name_and_UTC_day_and_tracks_first_and_last_seen()
    {
        var late = new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.FromHours(-2)); // 2026-11-23 01:30 UTC

        var (state, intake) = EventCounting.Count(new UserState(), [new ObservedEvent("open", late), new ObservedEvent("open", Now), new ObservedEvent("buy", Now.AddDays(-2))], Now);

        Assert.Equal(3, intake.Accepted);
        Assert.Equal(2, state.EventCounts["open"]["2026-11-23"]);
        Assert.Equal(1, state.EventCounts["buy"]["2026-11-21"]);
        Assert.Equal(Now.AddDays(-2), state.FirstSeen);
        Assert.Equal(Now, state.LastSeen);
    }

    [Fact]
    public void Days_older_than_the_kept_window_are_dropped_as_time_passes()
    {
        var (counted, _) = EventCounting.Count(new UserState(), [new ObservedEvent("open", Now.AddDays(-300)), new ObservedEvent("buy", Now)], Now);

        var (later, _) = EventCounting.Count(counted, [new ObservedEvent("buy", Now.AddDays(150))], Now.AddDays(150));

        Assert.False(later.EventCounts.ContainsKey("open"));
        Assert.Equal(2, later.EventCounts["buy"].Count);
    }

    [Fact]
    public void New_names_beyond_the_limit_are_dropped_but_known_names_still_count()
    {
        var full = Enumerable.Range(0, 100).Select(i => new ObservedEvent($"n{i}", Now)).ToImmutableArray();
        var (state, _) = EventCounting.Count(new UserState(), full, Now);

        var (after, intake) = EventCounting.Count(state, [new ObservedEvent("new", Now), new ObservedEvent("n5", Now)], Now);

        Assert.Equal((1, 1), (intake.Accepted, intake.DroppedOverLimit));
        Assert.Equal(2, after.EventCounts["n5"][EventCounting.Day(Now)]);
        Assert.Equal(100, after.EventCounts.Count);
    }
}
