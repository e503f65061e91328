using System.Collections.Immutable;
using Actors.Abstractions;
using Orleans.Runtime;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Users;

namespace Actors.Grains.Users;

/// <summary>
/// Owns one user's profile, consents, suppression and erasure. Not reentrant: calls run one
/// at a time, so each write sees the state the previous one stored.
/// </summary>
public sealed class UserGrain(
    [PersistentState(StorageNames.UserState, StorageNames.Provider)] IPersistentState<UserState> user,
    TimeProvider clock) : Grain, IUserGrain
{
    private DateTimeOffset Now => clock.GetUtcNow();

    public Task<UserState> GetAsync() => Task.FromResult(UserRules.RequireReadable(user.State));

    public Task<UserState> ExportAsync() =>
        user.State.Exists || user.State.IsErased
            ? Task.FromResult(user.State)
            : throw UserRules.NotFound();

    public Task<UserState> UpsertAttributesAsync(ImmutableArray<AttributeWrite> writes)
    {
        var current = UserRules.RequireAcceptsNewData(user.State);
        var now = Now;
        var attributes = current.Attributes.SetItems(writes.Select(write => KeyValuePair.Create(
            write.Name,
            new StoredAttribute(write.Value, write.Purpose, now, current.Attributes.GetValueOrDefault(write.Name)?.Rectifications ?? 0))));
        if (attributes.Count > Limits.AttributesPerUser)
        {
            throw new DomainException(DomainError.LimitReached,
                $"a user holds at most {Limits.AttributesPerUser} attributes; this request would make it hold {attributes.Count}", "attributes");
        }
        return CommitAsync(UserRules.Changed(current, now) with { Attributes = attributes });
    }

    public Task<UserState> RectifyAttributeAsync(AttributeWrite write, string reason)
    {
        var current = UserRules.RequireReadable(user.State);
        var existing = UserRules.RequireAttribute(current, write.Name);
        var now = Now;
        var rectified = new StoredAttribute(write.Value, write.Purpose, now, existing.Rectifications + 1);
        return CommitAsync(UserRules.Changed(current, now) with { Attributes = current.Attributes.SetItem(write.Name, rectified) });
    }

    public Task<UserState> DeleteAttributeAsync(string name)
    {
        var current = UserRules.RequireReadable(user.State);
        UserRules.RequireAttribute(current, name);
        return CommitAsync(UserRules.Changed(current, Now) with { Attributes = current.Attributes.Remove(name) });
    }

    public Task<UserState> RecordConsentAsync(ConsentDecision decision)
    {
        // Withdrawing keeps nothing new about the user, so a suppressed user may always withdraw.
        var current = decision.Granted ? UserRules.RequireAcceptsNewData(user.State) : UserRules.RequireNotErased(user.State);
        var now = Now;
        var previous = current.Consents.GetValueOrDefault(decision.Purpose);
        var basis = decision.LawfulBasis == LawfulBasis.Unspecified ? previous?.LawfulBasis ?? LawfulBasis.Unspecified : decision.LawfulBasis;
        var record = new ConsentRecord(decision.Purpose, decision.Granted, basis, decision.Source, decision.PolicyVersion, decision.OccurredAt ?? now, now);
        var history = current.ConsentHistory.Insert(0, record);
        if (history.Count > Limits.ConsentHistoryKept)
        {
            history = history.RemoveRange(Limits.ConsentHistoryKept, history.Count - Limits.ConsentHistoryKept);
        }
        return CommitAsync(UserRules.Changed(current, now) with
        {
            Consents = current.Consents.SetItem(decision.Purpose, record),
            ConsentHistory = history,
        });
    }

    public Task<UserState> SuppressAsync(string reason)
    {
        var current = UserRules.RequireNotErased(user.State);
        if (current.Suppression is not null)
        {
            return Task.FromResult(current);
        }
        var now = Now;
        return CommitAsync(UserRules.Changed(current, now) with { Suppression = new Suppression(now, reason) });
    }

    public Task<UserState> UnsuppressAsync()
    {
        var current = UserRules.RequireReadable(user.State);
        return current.Suppression is null
            ? Task.FromResult(current)
            : CommitAsync(UserRules.Changed(current, Now) with { Suppression = null });
    }

    public async Task<EventIntake> RecordEventsAsync(ImmutableArray<ObservedEvent> events)
    {
        // A late event must neither re-create a forgotten user nor be kept for a suppressed one.
        var current = user.State;
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
        if (intake.Accepted > 0)
        {
            await CommitAsync(UserRules.Changed(counted, now));
        }
        return intake;
    }

    public async Task<ErasureCertificate> ForgetAsync()
    {
        var current = user.State;
        if (current.Erasure is { } earlier)
        {
            return new ErasureCertificate(earlier, ErasedNow: false);
        }
        // The tombstone keeps the version counter and the counts, nothing about the person.
        var erasure = new Erasure(Now, current.Attributes.Count, current.ConsentHistory.Count);
        await CommitAsync(new UserState { Version = current.Version + 1, Erasure = erasure });
        return new ErasureCertificate(erasure, ErasedNow: true);
    }

    private Task<UserState> CommitAsync(UserState next) => user.CommitAsync(next, this);
}
