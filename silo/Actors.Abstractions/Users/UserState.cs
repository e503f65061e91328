using System.Collections.Immutable;
using Actors.Abstractions.Sealing;
using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>
/// Everything the platform holds about one user, as stored and as returned by the grain.
/// Immutable: a change builds a new state, which replaces the old one only once it is stored.
/// </summary>
[GenerateSerializer, Immutable, PersonalData]
public sealed record UserState : IPersonalState
{
    /// <summary>When the user was first stored; null for a user that does not exist or was erased.</summary>
    [Id(0)] public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the user last changed.</summary>
    [Id(1)] public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Incremented by every accepted change, erasure included.</summary>
    [Id(2)] public long Version { get; init; }

    /// <summary>Profile attributes, in order of their names.</summary>
    [Id(3), AttributeValue] public UserAttributes Attributes { get; init; } = UserAttributes.Empty;

    /// <summary>The latest consent decision per purpose.</summary>
    [Id(4)] public ImmutableDictionary<string, ConsentRecord> Consents { get; init; } = ImmutableDictionary<string, ConsentRecord>.Empty;

    /// <summary>Consent decisions, newest first, at most <see cref="Limits.ConsentHistoryKept"/>.</summary>
    [Id(5)] public ImmutableList<ConsentRecord> ConsentHistory { get; init; } = ImmutableList<ConsentRecord>.Empty;

    /// <summary>Set while processing is restricted.</summary>
    [Id(6)] public Suppression? Suppression { get; init; }

    /// <summary>Set once the user is forgotten; then every other field is empty.</summary>
    [Id(7)] public Erasure? Erasure { get; init; }

    /// <summary>Events counted per name, then per UTC day (yyyy-MM-dd); never the raw events.</summary>
    [Id(8)] public ImmutableDictionary<string, ImmutableDictionary<string, long>> EventCounts { get; init; } =
        ImmutableDictionary<string, ImmutableDictionary<string, long>>.Empty;

    /// <summary>When the earliest and the latest counted event happened.</summary>
    [Id(9)] public DateTimeOffset? FirstSeen { get; init; }

    [Id(10)] public DateTimeOffset? LastSeen { get; init; }

    /// <summary>The last accepted change or counted event: what inactive-user expiry measures from.</summary>
    [Id(11)] public DateTimeOffset? LastActivityAt { get; init; }

    /// <summary>
    /// Device tokens issued under an earlier generation are refused: revoking a user's tokens
    /// raises it. Kept in the grain, so a token is checked without a database read.
    /// </summary>
    [Id(12)] public long DeviceTokenGeneration { get; init; }

    /// <summary>Rectifications, newest first, at most <see cref="Limits.RectificationsKept"/>.</summary>
    [Id(13)] public ImmutableList<Rectification> Rectifications { get; init; } = ImmutableList<Rectification>.Empty;

    /// <summary>Suppressions set and lifted, newest first, at most <see cref="Limits.SuppressionHistoryKept"/>.</summary>
    [Id(14)] public ImmutableList<SuppressionChange> SuppressionHistory { get; init; } = ImmutableList<SuppressionChange>.Empty;

    public bool Exists => CreatedAt is not null;

    public bool IsErased => Erasure is not null;

    /// <summary>Everything but a tombstone is about the person, and stored sealed.</summary>
    bool IPersonalState.HoldsPersonalData => !IsErased;

    IPersonalState IPersonalState.AfterErasure(DateTimeOffset erasedAt, bool forgotten) =>
        forgotten ? new UserState { Erasure = new Erasure(erasedAt, 0, 0, DataKeyDestroyed: true) } : new UserState();
}
