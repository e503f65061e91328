using Actors.Grains.Placement;
using System.Collections.Immutable;
using Actors.Abstractions;
using Actors.Abstractions.Audit;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Export;
using Actors.Abstractions.Tenants;
using Actors.Abstractions.Users;
using Actors.Grains.Keys;
using Actors.Grains.RawEvents;
using Actors.Grains.Requests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Actors.Grains.Users;

/// <summary>The user's events: their counts in the state, and the raw events sealed under the user's data key.</summary>
public sealed partial class UserGrain
{
    public async Task<EventIntake> RecordEventsAsync(string actor, ImmutableArray<ObservedEvent> events, bool keepRawEvents, DeviceCredential? device)
    {
        // A late event must neither re-create a forgotten user nor be kept for a suppressed one.
        var current = user.State;
        UserRules.RequireTokenCurrent(current, device);
        if (current.IsErased)
        {
            return EventIntake.None with { DroppedErased = events.Length };
        }
        if (current.Suppression is not null)
        {
            return EventIntake.None with { DroppedSuppressed = events.Length };
        }
        var now = Now;
        var (counted, intake) = EventCounting.Count(current, events, now);
        if (intake.Accepted == 0)
        {
            return intake;
        }
        var audit = Audit(actor, AuditOperations.EventsRecorded, $"events={intake.Accepted}", now);
        if (!keepRawEvents)
        {
            await CommitAsync(UserRules.Changed(counted, now), audit);
            return intake;
        }
        // Stored before the counts, so that no count is acknowledged without its events.
        await AppendRawEventsAsync(events.Where(e => counted.EventCounts.ContainsKey(e.Name)), now);
        try
        {
            await CommitAsync(UserRules.Changed(counted, now), audit);
        }
        catch
        {
            // Not acknowledged: take the events back (the device retries the batch). This
            // activation's state may be stale, the user forgotten meanwhile by another activation;
            // nothing it appended may outlive that. The key stays: the state may be sealed under
            // it, since a failed write may still have committed.
            await RetractRawEventsAsync(now);
            throw;
        }
        return intake;
    }

    /// <summary>Seals the events under the user's data key and stores them.</summary>
    private async Task AppendRawEventsAsync(IEnumerable<ObservedEvent> events, DateTimeOffset receivedAt)
    {
        var (tenantId, reference) = Identity;
        var key = DataKey.Key ??= (await dataKeys.GetOrCreateAsync(tenantId, reference)).Key;
        await rawEvents.AppendAsync(EventSealing.Seal(tenantId, reference, key, events, receivedAt));
    }

    private async Task RetractRawEventsAsync(DateTimeOffset receivedAt)
    {
        var (tenantId, reference) = Identity;
        try
        {
            await rawEvents.RetractAsync(tenantId, reference, receivedAt);
        }
        catch (Exception e)
        {
            // The database is likely down too; the batch's retry may then store its events twice.
            logger.CouldNotRetractRawEvents(e, this.GetPrimaryKeyString());
        }
    }

    private RawEvent? TryOpen(SealedEvent row, UserDataKey key)
    {
        try
        {
            return EventSealing.Open(row, key);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Sealed under a key destroyed before (a forget or expiry that failed half way): unreadable by design.
            logger.RawEventDoesNotOpen(this.GetPrimaryKeyString());
            return null;
        }
    }
}
