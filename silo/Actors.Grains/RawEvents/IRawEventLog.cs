namespace Actors.Grains.RawEvents;

/// <summary>The append-only table of raw events, sealed; rows leave it only by purge.</summary>
public interface IRawEventLog
{
    /// <summary>Stores the events; returns once they are durable. Appends of many users share a write.</summary>
    Task AppendAsync(IReadOnlyList<SealedEvent> events);

    /// <summary>The user's events, oldest first, at most <paramref name="limit"/>.</summary>
    Task<StoredRawEvents> ReadAsync(string tenantId, string userReference, int limit);

    /// <summary>Deletes the user's events received at <paramref name="receivedAt"/>: one batch, not acknowledged after all.</summary>
    Task RetractAsync(string tenantId, string userReference, DateTimeOffset receivedAt);

    /// <summary>Deletes the user's events that happened before <paramref name="before"/>; returns how many.</summary>
    Task<long> PurgeAsync(string tenantId, string userReference, DateTimeOffset before);
}
