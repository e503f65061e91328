using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Actors.Abstractions.Users;

/// <summary>
/// One end user of one tenant: the only place where that user's data lives and dies.
/// Keyed by <see cref="UserGrainKey"/>. Every write returns after the new state is committed
/// to storage; a refused write changes nothing.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>The user's state; fails with NotFound for an unknown user, Erased for a forgotten one.</summary>
    [ReadOnly]
    Task<UserState> GetAsync();

    /// <summary>Everything held about the user, including the tombstone of an erased user.</summary>
    [ReadOnly]
    Task<UserState> ExportAsync();

    /// <summary>Adds or replaces attributes, creating the user if needed. Refused while suppressed.</summary>
    Task<UserState> UpsertAttributesAsync(ImmutableArray<AttributeWrite> writes);

    /// <summary>Replaces an existing attribute's inaccurate value and records why.</summary>
    Task<UserState> RectifyAttributeAsync(AttributeWrite write, string reason);

    /// <summary>Removes one attribute.</summary>
    Task<UserState> DeleteAttributeAsync(string name);

    /// <summary>Records a consent grant or withdrawal; grants are refused while suppressed.</summary>
    Task<UserState> RecordConsentAsync(ConsentDecision decision);

    /// <summary>Stops keeping anything new about the user, creating a suppression record if needed.</summary>
    Task<UserState> SuppressAsync(string reason);

    /// <summary>Lifts a suppression.</summary>
    Task<UserState> UnsuppressAsync();

    /// <summary>
    /// Counts events, creating the user if needed; drops them all for a suppressed or erased
    /// user, and those with a new name once the user has the most names allowed.
    /// </summary>
    Task<EventIntake> RecordEventsAsync(ImmutableArray<ObservedEvent> events);

    /// <summary>Erases all personal data, leaving a tombstone that refuses later writes.</summary>
    Task<ErasureCertificate> ForgetAsync();
}
