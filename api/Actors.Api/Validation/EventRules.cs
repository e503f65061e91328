using System.Collections.Immutable;
using Actors.Abstractions;
using Actors.Abstractions.Users;
using Actors.Api.Errors;
using Actors.V1;

namespace Actors.Api.Validation;

/// <summary>Checks a batch of events as a whole: one bad event refuses the batch, naming it.</summary>
public static class EventRules
{
    /// <summary>
    /// The batch's events, checked, grouped by user id. Properties and <paramref name="country"/>
    /// (the sender's, derived by the gateway) go with them only when <paramref name="keepRaw"/>:
    /// counts alone need neither, so neither leaves the gateway.
    /// </summary>
    public static IReadOnlyDictionary<string, ImmutableArray<ObservedEvent>> ByUser(EventBatch batch, DateTimeOffset now, bool keepRaw, Func<string> country)
    {
        if (batch.Events.Count is 0 or > Limits.EventsPerBatch)
        {
            throw Reject.InvalidArgument("events", $"holds {batch.Events.Count} events; a batch holds 1 to {Limits.EventsPerBatch}");
        }
        var byUser = new Dictionary<string, ImmutableArray<ObservedEvent>.Builder>(StringComparer.Ordinal);
        var sender = keepRaw ? country() : "";
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var e = batch.Events[i];
            var field = $"events[{i}]";
            RequestRules.Text($"{field}.user_id", e.UserId, Limits.UserIdMaxBytes, required: true, allowLineBreaks: false);
            RequestRules.EventName($"{field}.name", e.Name);
            var occurredAt = OccurredAt($"{field}.occurred_at", e, now);
            if (e.Properties.Count > Limits.EventPropertiesPerEvent)
            {
                throw Reject.InvalidArgument($"{field}.properties", $"holds {e.Properties.Count} properties; the limit is {Limits.EventPropertiesPerEvent}");
            }
            foreach (var (key, value) in e.Properties)
            {
                RequestRules.EventName($"{field}.properties", key);
                RequestRules.Text($"{field}.properties[\"{key}\"]", value, Limits.EventPropertyValueMaxBytes, required: false, allowLineBreaks: false);
            }
            if (!byUser.TryGetValue(e.UserId, out var events))
            {
                byUser[e.UserId] = events = ImmutableArray.CreateBuilder<ObservedEvent>();
            }
            events.Add(keepRaw
                ? new ObservedEvent(e.Name, occurredAt, e.Properties.ToImmutableDictionary(StringComparer.Ordinal), sender)
                : new ObservedEvent(e.Name, occurredAt));
        }
        return byUser.ToDictionary(u => u.Key, u => u.Value.ToImmutable(), StringComparer.Ordinal);
    }

    private static DateTimeOffset OccurredAt(string field, Event e, DateTimeOffset now)
    {
        var occurred = WellKnownRules.RequiredTime(field, e.OccurredAt);
        if (occurred > now + Limits.ClockSkew || occurred < now - Limits.EventMaxAge)
        {
            throw Reject.InvalidArgument(field, $"is {occurred:O}; events from the last {Limits.EventMaxAge.TotalDays} days up to 5 minutes ahead are accepted");
        }
        return occurred;
    }
}
