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

/// <summary>
/// Owns one user's profile, consents, suppression, erasure, and the user's raw events with the
/// data key that seals them. Not reentrant: calls run one at a time, so each write sees the
/// state the previous one stored, and no event is appended while a forget runs.
/// </summary>
[TenantPlacement]
public sealed partial class UserGrain(
    [PersistentState(StorageNames.UserState, StorageNames.Provider)] IPersistentState<UserState> user,
    IUserDataKeys dataKeys,
    IRawEventLog rawEvents,
    IRequestExports requestExports,
    TimeProvider clock,
    IOptions<RetentionTimerOptions> retention,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IRemindable
{
    private const string RetentionReminder = "retention";

    /// <summary>Whether this activation has made sure the retention reminder exists.</summary>
    private bool _retentionTimerSet;

    /// <summary>The user's data key, unwrapped, once this activation (or its state storage) has needed it.</summary>
    private ActivationDataKey DataKey => ActivationDataKey.Of(GrainContext);

    /// <summary>
    /// What a failed shredding of this activation deleted before it failed: its retry's erasure
    /// certificate counts it, since the deletions ran at once and some may have finished.
    /// </summary>
    private (bool KeyDestroyed, long RawEventsPurged) _shreddedBeforeFailure;

    private DateTimeOffset Now => clock.GetUtcNow();

    private (string TenantId, string UserReference) Identity => UserGrainKey.Parse(this.GetPrimaryKeyString());

    public Task<UserState> GetAsync() => Task.FromResult(UserRules.RequireReadable(user.State));

    public async Task<long?> StoreRequestExportAsync(Guid requestId, string userId, DateTimeOffset expiresAt)
    {
        if (!user.State.Exists || user.State.IsErased)
        {
            return null;
        }
        var export = await ExportAsync();
        var (tenantId, reference) = Identity;
        var tenant = await GrainFactory.GetGrain<ITenantGrain>(tenantId).GetAsync();
        var json = UserExportDocument.Write(tenantId, userId, tenant, export, Now);
        var key = DataKey.Key ??= (await dataKeys.GetOrCreateAsync(tenantId, reference)).Key;
        await requestExports.StoreAsync(ExportSealing.Seal(tenantId, requestId, reference, key, json, expiresAt));
        return export.State.Attributes.Count + export.State.ConsentHistory.Count + export.RawEvents.Length + export.RawEventsOmitted;
    }

    public async Task<UserExport> ExportAsync()
    {
        var current = user.State;
        if (current.IsErased)
        {
            return new UserExport(current, [], 0);
        }
        if (!current.Exists)
        {
            throw UserRules.NotFound();
        }
        var (tenantId, reference) = Identity;
        var stored = await rawEvents.ReadAsync(tenantId, reference, Limits.RawEventsPerExport);
        if (stored.Events.Count == 0)
        {
            return new UserExport(current, [], stored.Total);
        }
        var key = DataKey.Key ??= await dataKeys.FindAsync(tenantId, reference);
        var opened = ImmutableArray.CreateBuilder<RawEvent>(stored.Events.Count);
        foreach (var row in stored.Events)
        {
            if (key is not null && TryOpen(row, key) is { } raw)
            {
                opened.Add(raw);
            }
        }
        return new UserExport(current, opened.ToImmutable(), stored.Total - opened.Count);
    }

    public Task<UserState> UpsertAttributesAsync(string actor, ImmutableArray<AttributeWrite> writes)
    {
        var current = UserRules.RequireAcceptsNewData(user.State);
        var now = Now;
        var attributes = current.Attributes.SetMany(writes.Select(write =>
            new StoredAttribute(write.Name, write.Value, write.Purpose, now, current.Attributes.Find(write.Name)?.Rectifications ?? 0)));
        if (attributes.Count > Limits.AttributesPerUser)
        {
            throw new DomainException(DomainError.LimitReached,
                $"a user holds at most {Limits.AttributesPerUser} attributes; this request would make it hold {attributes.Count}", "attributes");
        }
        return CommitAsync(UserRules.Changed(current, now) with { Attributes = attributes },
            Audit(actor, AuditOperations.AttributesUpserted, AuditNames.List(writes.Select(w => w.Name).Order(StringComparer.Ordinal)), now));
    }

    public Task<UserState> RectifyAttributeAsync(string actor, AttributeWrite write, string reason)
    {
        var current = UserRules.RequireReadable(user.State);
        var existing = UserRules.RequireAttribute(current, write.Name);
        var now = Now;
        var rectified = new StoredAttribute(write.Name, write.Value, write.Purpose, now, existing.Rectifications + 1);
        var rectifications = UserRules.Bounded(current.Rectifications.Insert(0, new Rectification(write.Name, reason, now)), Limits.RectificationsKept);
        return CommitAsync(UserRules.Changed(current, now) with { Attributes = current.Attributes.Set(rectified), Rectifications = rectifications },
            Audit(actor, AuditOperations.AttributeRectified, write.Name, now));
    }

    public Task<UserState> DeleteAttributeAsync(string actor, string name)
    {
        var current = UserRules.RequireReadable(user.State);
        UserRules.RequireAttribute(current, name);
        var now = Now;
        return CommitAsync(UserRules.Changed(current, now) with { Attributes = current.Attributes.Remove(name) },
            Audit(actor, AuditOperations.AttributeDeleted, name, now));
    }

    public Task<UserState> RecordConsentAsync(string actor, ConsentDecision decision)
    {
        // Withdrawing keeps nothing new about the user, so a suppressed user may always withdraw.
        var current = decision.Granted ? UserRules.RequireAcceptsNewData(user.State) : UserRules.RequireNotErased(user.State);
        var now = Now;
        var previous = current.Consents.GetValueOrDefault(decision.Purpose);
        var basis = decision.LawfulBasis == LawfulBasis.Unspecified ? previous?.LawfulBasis ?? LawfulBasis.Unspecified : decision.LawfulBasis;
        var record = new ConsentRecord(decision.Purpose, decision.Granted, basis, decision.Source, decision.PolicyVersion, decision.OccurredAt ?? now, now);
        var history = UserRules.Bounded(current.ConsentHistory.Insert(0, record), Limits.ConsentHistoryKept);
        // A decision imported late does not override a newer one: the current state follows occurred_at.
        var consents = previous is not null && previous.OccurredAt > record.OccurredAt
            ? current.Consents
            : current.Consents.SetItem(decision.Purpose, record);
        return CommitAsync(UserRules.Changed(current, now) with { Consents = consents, ConsentHistory = history },
            Audit(actor, AuditOperations.ConsentRecorded, $"{decision.Purpose}:{(decision.Granted ? "granted" : "withdrawn")}", now));
    }

    public Task<UserState> SuppressAsync(string actor, string reason, string source, DeviceCredential? device)
    {
        var current = UserRules.RequireNotErased(user.State);
        UserRules.RequireTokenCurrent(current, device);
        if (current.Suppression is not null)
        {
            return Task.FromResult(current);
        }
        var now = Now;
        return CommitAsync(UserRules.Changed(current, now) with
        {
            Suppression = new Suppression(now, reason),
            SuppressionHistory = UserRules.Bounded(current.SuppressionHistory.Insert(0, new SuppressionChange(true, source, reason, now)), Limits.SuppressionHistoryKept),
        }, Audit(actor, AuditOperations.Suppressed, "", now));
    }

    public Task<UserState> UnsuppressAsync(string actor, string source, DeviceCredential? device)
    {
        var current = UserRules.RequireReadable(user.State);
        UserRules.RequireTokenCurrent(current, device);
        var now = Now;
        return current.Suppression is null
            ? Task.FromResult(current)
            : CommitAsync(UserRules.Changed(current, now) with
            {
                Suppression = null,
                SuppressionHistory = UserRules.Bounded(current.SuppressionHistory.Insert(0, new SuppressionChange(false, source, "", now)), Limits.SuppressionHistoryKept),
            }, Audit(actor, AuditOperations.Unsuppressed, "", now));
    }

    public Task<long> GetDeviceTokenGenerationAsync() => Task.FromResult(user.State.DeviceTokenGeneration);

    public async Task<long> RevokeDeviceTokensAsync(string actor)
    {
        var current = UserRules.RequireNotErased(user.State);
        var now = Now;
        // Not a change of the person's data: the version and activity clock stay as they are, and
        // a user never stored stays unknown (only the generation is kept, to refuse old tokens).
        var next = current with { DeviceTokenGeneration = current.DeviceTokenGeneration + 1 };
        await user.CommitAsync(next, this, Audit(actor, AuditOperations.DeviceTokensRevoked, "", now));
        return next.DeviceTokenGeneration;
    }

    /// <summary>The entry that records a change of this user, committed with it.</summary>
    private AuditEntry Audit(string actor, string operation, string subject, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var (tenantId, reference) = Identity;
        return new AuditEntry(tenantId, actor, operation, reference, subject, at);
    }

    private async Task<UserState> CommitAsync(UserState next, AuditEntry audit)
    {
        await user.CommitAsync(next, this, audit);
        if (!_retentionTimerSet && next.Exists)
        {
            try
            {
                var period = retention.Value.CheckPeriod;
                await this.RegisterOrUpdateReminder(RetentionReminder, period, period);
                _retentionTimerSet = true;
            }
            catch (Exception e)
            {
                // The change is stored; the timer is set again with the next write of this activation.
                logger.CouldNotSetRetentionTimer(e, this.GetPrimaryKeyString());
            }
        }
        return next;
    }
}
