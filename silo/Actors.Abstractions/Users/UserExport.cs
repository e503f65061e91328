using System.Collections.Immutable;
using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>
/// Everything held about one user: the grain's state and the raw events kept for the user,
/// decrypted, oldest first. <paramref name="RawEventsOmitted"/> counts kept events beyond
/// <see cref="Limits.RawEventsPerExport"/>, and any that could not be decrypted.
/// </summary>
[GenerateSerializer, Immutable, PersonalData]
public sealed record UserExport(UserState State, ImmutableArray<RawEvent> RawEvents, long RawEventsOmitted);
