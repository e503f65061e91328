using Actors.Grains.Placement;
using Actors.Abstractions.Audit;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Requests;
using Actors.Abstractions.Tenants;
using Actors.Grains.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Actors.Grains.Requests;

/// <summary>How a step of a request is stored: with its history entry, its audit entry and its callbacks, in one transaction.</summary>
public sealed partial class DataSubjectRequestGrain
{
    /// <summary>A final transition: the subject's user id and corrected values are dropped with it.</summary>
    private async Task<DataSubjectRequestState> FinishAsync(DataSubjectRequestState final, string actor, string @event, string note)
    {
        await TransitionAsync(final with
        {
            UserId = null,
            Rectifications = final.Rectifications.Clear(),
            PausedFor = RequestDeadlines.Paused(final, Now),
            VerificationPendingSince = null,
        }, actor, @event, note);
        if (!NeedsTimer(_state))
        {
            await StopReminderAsync();
        }
        return _state;
    }

    /// <summary>
    /// Stores the next state with its history entry, its audit entry and, when the status changed,
    /// one signed callback per URL, in one transaction.
    /// </summary>
    private async Task<DataSubjectRequestState> TransitionAsync(DataSubjectRequestState next, string actor, string @event, string note)
    {
        var now = Now;
        next = next with
        {
            Version = _state.Version + 1,
            History = next.History.Add(new RequestTransition(next.Status, now, actor, @event, note)),
        };
        if (NeedsTimer(next))
        {
            // The durable timer exists before the state that needs it is stored, so no stored request
            // that waits on time (a grace period, a run, an export's expiry) is ever without one.
            await EnsureReminderAsync();
        }
        var callbacks = next.Status != _state.Status || _state.Version == 0
            ? next.CallbackUrls.Select(url => new CallbackMessage(url, OpenDsrStatusDocument.Write(next, now, url, options.Value.PublicUrl))).ToList()
            : [];
        await SaveAsync(next, callbacks, new AuditEntry(next.TenantId, actor, AuditOperations.RequestTransition, next.UserReference,
            $"{AuditNames.Request(next.RequestId)} {OpenDsrNames.Of(next.Type)} {@event} -> {OpenDsrNames.Of(next.Status)}", now));
        return next;
    }

    private async Task SaveAsync(DataSubjectRequestState next, IReadOnlyList<CallbackMessage> callbacks, AuditEntry? audit)
    {
        try
        {
            await store.SaveAsync(next, callbacks, audit);
        }
        catch
        {
            // The write may have committed all the same (a lost answer): the next activation reads what is stored.
            DeactivateOnIdle();
            throw;
        }
        _state = next;
    }
}
