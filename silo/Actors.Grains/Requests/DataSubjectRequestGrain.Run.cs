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

/// <summary>
/// The run of a request: the timer and the reminder that drive it, the fulfilment itself, a
/// failed run kept on record, and the deletion of an export past its time.
/// </summary>
public sealed partial class DataSubjectRequestGrain
{
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == Reminder)
        {
            await AdvanceAsync();
        }
    }

    /// <summary>Does what is due now: runs a ready request, or deletes an expired export; stops the reminder when nothing is left.</summary>
    private async Task AdvanceAsync()
    {
        try
        {
            if (!_state.Exists)
            {
                await StopReminderAsync();
                return;
            }
            if (!_state.IsFinal && ReadyToRun(_state, Now))
            {
                await RunAsync();
            }
            if (_state.IsFinal)
            {
                await ExpireExportAsync();
            }
            if (!NeedsTimer(_state))
            {
                await StopReminderAsync();
            }
        }
        catch (Exception e)
        {
            // The request stays where it is; the reminder looks again.
            logger.CouldNotAdvance(e, this.GetPrimaryKeyString());
        }
    }

    private async Task RunAsync()
    {
        var tenant = await Tenant.GetAsync();
        if (_state.Status == RequestStatus.Pending)
        {
            await TransitionAsync(_state with { Status = RequestStatus.InProgress }, AuditNames.Platform, "started", "");
        }
        FulfilmentResult result;
        try
        {
            result = await fulfilment.RunAsync(_state, tenant);
        }
        catch (DomainException e) when (e.Error is not (DomainError.StorageUnavailable or DomainError.Unavailable or DomainError.Conflict))
        {
            // The user's grain refused it as asked (no such attribute, the user erased): the subject is told why.
            await FinishAsync(_state with { Status = RequestStatus.Denied, Reason = e.Message }, AuditNames.Platform, "denied", e.Message);
            return;
        }
        catch (Exception e)
        {
            await RecordFailedRunAsync(e);
            return;
        }
        await FinishAsync(_state with
        {
            Status = RequestStatus.Completed,
            ResultsCount = result.ResultsCount,
            ExportExpiresAt = result.ExportExpiresAt,
            Receipt = result.Receipt,
        }, AuditNames.Platform, "completed", "");
    }

    /// <summary>
    /// Keeps a failed run on record (how many, and the last cause), so an operator listing the
    /// requests in progress sees which are stuck and why; the reminder runs it again.
    /// </summary>
    private async Task RecordFailedRunAsync(Exception failure)
    {
        var cause = failure is ErasureNotVerifiedException or DomainException ? failure.Message : $"{failure.GetType().Name}: {failure.Message}";
        var next = _state with { Version = _state.Version + 1, FailedRuns = _state.FailedRuns + 1, LastFailure = cause };
        await SaveAsync(next, [], audit: null);
        var level = next.FailedRuns >= FailedRunsBeforeAlarm ? LogLevel.Error : LogLevel.Warning;
        logger.RunFailed(level, failure, this.GetPrimaryKeyString(), next.FailedRuns, cause);
    }

    private async Task ExpireExportAsync()
    {
        if (_state.HoldsExport && !_state.ExportKept(Now))
        {
            await exports.DeleteAsync(_state.TenantId, _state.RequestId);
            await TransitionAsync(_state with { ExportDeleted = true }, AuditNames.Platform, "export_deleted", "");
        }
    }

    /// <summary>Makes sure the durable reminder runs while work is left, and runs ready work at once.</summary>
    private async Task ScheduleAsync()
    {
        if (NeedsTimer(_state))
        {
            await EnsureReminderAsync();
        }
        if (!_state.IsFinal && ReadyToRun(_state, Now))
        {
            _runNow?.Dispose();
            _runNow = this.RegisterGrainTimer(AdvanceAsync, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task EnsureReminderAsync()
    {
        if (!_reminderSet)
        {
            var period = options.Value.CheckPeriod;
            await this.RegisterOrUpdateReminder(Reminder, period, period);
            _reminderSet = true;
        }
    }

    private async Task StopReminderAsync()
    {
        if (await this.TryStopAsync(Reminder, logger))
        {
            _reminderSet = false;
        }
    }

    private static bool ReadyToRun(DataSubjectRequestState request, DateTimeOffset now) =>
        !request.IsFinal && !request.IsPaused && !request.AwaitingReview && (request.GraceEndsAt is not { } grace || now >= grace);

    /// <summary>
    /// Whether the request waits on time: to run (now, after its grace period, or again after a
    /// failure) or to delete its export. One waiting on a person (identity verification, review)
    /// needs no timer: the call that releases it schedules it.
    /// </summary>
    private static bool NeedsTimer(DataSubjectRequestState request) =>
        (!request.IsFinal && !request.IsPaused && !request.AwaitingReview) || request.HoldsExport;
}
