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

/// <summary>The end of the user's data: a forget, the retention check, and the crypto-shredding both run.</summary>
public sealed partial class UserGrain
{
    public async Task<ErasureCertificate> ForgetAsync(string actor, DeviceCredential? device)
    {
        var current = user.State;
        UserRules.RequireTokenCurrent(current, device);
        if (current.Erasure is { } earlier)
        {
            // Shredding again costs three statements at once and leaves nothing behind even if
            // an activation that missed the first forget stored something since.
            await ShredRawEventsAsync(ErasureKind.Forgotten);
            return new ErasureCertificate(earlier, ErasedNow: false);
        }
        var (keyDestroyed, purged) = await ShredRawEventsAsync(ErasureKind.Forgotten);
        // The tombstone keeps the version counter and what was erased, nothing about the person.
        var now = Now;
        var erasure = new Erasure(now, current.Attributes.Count, current.ConsentHistory.Count, keyDestroyed, purged);
        await CommitAsync(new UserState { Version = current.Version + 1, Erasure = erasure }, Audit(actor, AuditOperations.Forgotten, "", now));
        // The retention timer is not stopped here, to keep the erasure short: its next tick
        // finds a tombstone and stops it (see ReceiveReminder). It holds no personal data.
        return new ErasureCertificate(erasure, ErasedNow: true);
    }

    /// <summary>
    /// The retention check: a user inactive for longer than the tenant allows is deleted, state,
    /// key and raw events; otherwise raw events older than the tenant keeps them are purged.
    /// Durable (a reminder in PostgreSQL), so it fires even if the user is never called again.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetentionReminder)
        {
            return;
        }
        var current = user.State;
        if (!current.Exists)
        {
            await StopRetentionTimerAsync();
            return;
        }
        var (tenantId, reference) = Identity;
        var policy = (await GrainFactory.GetGrain<ITenantGrain>(tenantId).GetAsync()).Retention;
        if (current.LastActivityAt is { } last && policy.UserExpired(last, Now))
        {
            await ShredRawEventsAsync(ErasureKind.Expired);
            // The subject names the tenant's rule, not the user's last activity (a fact about the person).
            var audit = Audit(AuditNames.Platform, AuditOperations.UserExpired, $"inactive over {policy.InactiveUserExpiryDays} days", Now);
            if (current.Suppression is { } suppression)
            {
                // The restriction must outlive the data: keep only that it holds, and since when.
                await user.CommitAsync(new UserState { CreatedAt = current.CreatedAt, Version = current.Version + 1, Suppression = suppression with { Reason = "" } }, this, audit);
            }
            else
            {
                await StateWriteAudit.WriteAsync(audit, user.ClearStateAsync);
            }
            await StopRetentionTimerAsync();
            logger.DeletedInactiveUser(this.GetPrimaryKeyString(), last, policy.InactiveUserExpiryDays);
            DeactivateOnIdle();
            return;
        }
        var expired = await rawEvents.PurgeAsync(tenantId, reference, policy.RawEventCutoff(Now));
        if (expired > 0)
        {
            logger.PurgedRawEvents(expired, this.GetPrimaryKeyString(), policy.RawEventRetentionDays);
        }
    }

    /// <summary>
    /// Crypto-shredding: the data key is destroyed (recorded first in the erasure ledger), so that
    /// every copy of the user's sealed state, raw events and exports, in any backup, is
    /// unreadable, and the raw event and export rows themselves are purged. The three deletions run
    /// at once, each its own commit (the key store is another database): a forget waits for one
    /// commit instead of three in turn, and its erasure is recorded only once all three are done.
    /// If one fails, the forget fails and its retry deletes whatever is left.
    /// </summary>
    private async Task<(bool KeyDestroyed, long RawEventsPurged)> ShredRawEventsAsync(ErasureKind kind)
    {
        var (tenantId, reference) = Identity;
        DataKey.Key = null;
        var destroyed = dataKeys.DestroyAsync(tenantId, reference, kind);
        var purged = rawEvents.PurgeAsync(tenantId, reference, DateTimeOffset.MaxValue);
        // Exports of the user's access requests were sealed under the same key: unreadable now, deleted too.
        var exportsPurged = requestExports.PurgeUserAsync(tenantId, reference);
        try
        {
            await Task.WhenAll(destroyed, purged, exportsPurged);
        }
        catch
        {
            _shreddedBeforeFailure = (
                _shreddedBeforeFailure.KeyDestroyed || destroyed is { IsCompletedSuccessfully: true, Result: true },
                _shreddedBeforeFailure.RawEventsPurged + (purged.IsCompletedSuccessfully ? purged.Result : 0));
            throw;
        }
        var (destroyedBefore, purgedBefore) = _shreddedBeforeFailure;
        _shreddedBeforeFailure = default;
        var rawEventsPurged = purgedBefore + await purged;
        // Rows purged were sealed under a key: if no attempt found one, an earlier attempt (of
        // another activation) that failed half way destroyed it. Either way no key of the user is left.
        return (destroyedBefore || await destroyed || rawEventsPurged > 0, rawEventsPurged);
    }

    private async Task StopRetentionTimerAsync()
    {
        if (await this.TryStopAsync(RetentionReminder, logger))
        {
            _retentionTimerSet = false;
        }
    }
}
