namespace Actors.Abstractions.Users;

/// <summary>
/// The tombstone of a forgotten user: when, and what was erased. No personal data.
/// <paramref name="DataKeyDestroyed"/> says whether the user had a data key (raw events were
/// kept) and it was destroyed; <paramref name="RawEventsPurged"/> rows were deleted with it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Erasure(
    DateTimeOffset ErasedAt,
    int AttributesErased,
    int ConsentRecordsErased,
    bool DataKeyDestroyed = false,
    long RawEventsPurged = 0);
