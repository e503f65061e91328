namespace Actors.Grains.RawEvents;

/// <summary>A user's raw events as read back, oldest first, and how many the user has in all.</summary>
public sealed record StoredRawEvents(IReadOnlyList<SealedEvent> Events, long Total);
