using System.Collections.Immutable;
using System.Globalization;
using Actors.Abstractions;
using Actors.Abstractions.Users;

namespace Actors.Grains.Users;

/// <summary>Folds events into a user's daily counts: aggregates of behaviour, never the events.</summary>
internal static class EventCounting
{
    public static (UserState Counted, EventIntake Intake) Count(UserState state, ImmutableArray<ObservedEvent> events, DateTimeOffset now)
    {
        var counts = state.EventCounts;
        var (first, last) = (state.FirstSeen, state.LastSeen);
        var (accepted, overLimit) = (0, 0);
        foreach (var observed in events)
        {
            if (!counts.TryGetValue(observed.Name, out var days))
            {
                if (counts.Count >= Limits.EventNamesPerUser)
                {
                    overLimit++;
                    continue;
                }
                days = ImmutableDictionary<string, long>.Empty;
            }
            var day = Day(observed.OccurredAt);
            counts = counts.SetItem(observed.Name, days.SetItem(day, days.GetValueOrDefault(day) + 1));
            first = first is { } f && f <= observed.OccurredAt ? f : observed.OccurredAt;
            last = last is { } l && l >= observed.OccurredAt ? l : observed.OccurredAt;
            accepted++;
        }
        var counted = state with { EventCounts = WithoutDaysBefore(counts, Day(now - Limits.EventCountsKept)), FirstSeen = first, LastSeen = last };
        return (counted, new EventIntake(accepted, 0, 0, overLimit));
    }

    public static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ImmutableDictionary<string, ImmutableDictionary<string, long>> WithoutDaysBefore(
        ImmutableDictionary<string, ImmutableDictionary<string, long>> counts, string oldestKept)
    {
        foreach (var (name, days) in counts)
        {
            var old = days.Keys.Where(day => string.CompareOrdinal(day, oldestKept) < 0).ToList();
            if (old.Count > 0)
            {
                counts = days.Count == old.Count ? counts.Remove(name) : counts.SetItem(name, days.RemoveRange(old));
            }
        }
        return counts;
    }
}
