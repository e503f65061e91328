using System.Collections.Immutable;
using Orleans.Concurrency;
using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>
/// One end user of one tenant: the only place where that user's data lives and dies.
/// Keyed by <see cref="UserGrainKey"/>. Every write returns after the new state is committed
/// to storage; a refused write changes nothing. The <c>actor</c> of a write (the acting API key
/// id, or <see cref="Audit.AuditNames.Request"/> for a request's fulfilment) is named in the
/// audit entry committed in the same transaction as the change; a call that changes nothing
/// leaves no entry.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>The user's state; fails with NotFound for an unknown user, Erased for a forgotten one.</summary>
    [ReadOnly]
    Task<UserState> GetAsync();

    /// <summary>Everything held about the user, raw events decrypted; for an erased user, the tombstone.</summary>
    [ReadOnly]
    Task<UserExport> ExportAsync();

    /// <summary>
    /// For an access or portability request: writes the export document and stores it sealed under
    /// the user's data key, kept until <paramref name="expiresAt"/>. In the user's own turn, so it
    /// never races a forget: for an unknown or erased user nothing is stored and null is returned.
    /// </summary>
    /// <param name="userId">The subject's user id, named in the document (grain keys hold only the pseudonym).</param>
    /// <returns>How many records the export holds, or null if nothing is held about the user.</returns>
    Task<long?> StoreRequestExportAsync(Guid requestId, [UserId] string userId, DateTimeOffset expiresAt);

    /// <summary>Adds or replaces attributes, creating the user if needed. Refused while suppressed.</summary>
    Task<UserState> UpsertAttributesAsync(string actor, ImmutableArray<AttributeWrite> writes);

    /// <summary>Replaces an existing attribute's inaccurate value and records why (never the old value).</summary>
    Task<UserState> RectifyAttributeAsync(string actor, AttributeWrite write, string reason);

    /// <summary>Removes one attribute.</summary>
    Task<UserState> DeleteAttributeAsync(string actor, string name);

    /// <summary>Records a consent grant or withdrawal; grants are refused while suppressed.</summary>
    Task<UserState> RecordConsentAsync(string actor, ConsentDecision decision);

    /// <summary>Stops keeping anything new about the user, creating a suppression record if needed.</summary>
    /// <param name="device">Set for a device's call with its user's token; null for a backend or a request.</param>
    /// <param name="source">Where the suppression came from (<see cref="SuppressionSources"/>), kept in its history.</param>
    Task<UserState> SuppressAsync(string actor, string reason, string source, DeviceCredential? device);

    /// <summary>Lifts a suppression.</summary>
    Task<UserState> UnsuppressAsync(string actor, string source, DeviceCredential? device);

    /// <summary>The generation a device token issued now is bound to; 0 for a user never stored.</summary>
    [ReadOnly]
    Task<long> GetDeviceTokenGenerationAsync();

    /// <summary>Refuses every device token of the user issued before now, from this call on.</summary>
    Task<long> RevokeDeviceTokensAsync(string actor);

    /// <summary>
    /// Counts events, creating the user if needed; drops them all for a suppressed or erased
    /// user, and those with a new name once the user has the most names allowed. With
    /// <paramref name="keepRawEvents"/> (the tenant's policy), the counted events are also
    /// stored, encrypted under the user's data key, before the call returns.
    /// </summary>
    Task<EventIntake> RecordEventsAsync(string actor, ImmutableArray<ObservedEvent> events, bool keepRawEvents, DeviceCredential? device);

    /// <summary>
    /// Erases all personal data: destroys the user's data key (every copy of the raw events
    /// becomes unreadable) and purges the raw events, at the same time, then leaves a tombstone
    /// that refuses later writes.
    /// </summary>
    Task<ErasureCertificate> ForgetAsync(string actor, DeviceCredential? device);
}
