using Actors.Abstractions.Requests;
using Actors.Abstractions.Telemetry;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Actors.Silo.Callbacks;

/// <summary>
/// Delivers the callback outbox: wakes on each notification (and polls, in case one was missed),
/// gives up what has expired, claims what is due, and sends up to
/// <see cref="CallbackOptions.MaxConcurrentDeliveries"/> at once outside any transaction. Each
/// outcome is written back: delivered, retried later with backoff, or given up.
/// </summary>
public sealed class CallbackDispatcher(
    CallbackOutboxStore outbox,
    CallbackSender sender,
    CallbackSignal signal,
    CallbackNotificationListener listener,
    IOptions<CallbackOptions> options,
    TimeProvider time,
    PlatformMetrics metrics,
    ILogger<CallbackDispatcher> logger) : BackgroundService
{
    // Keeps a row that is due but held by someone else (claimed this instant) from spinning the loop.
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(100);

    /// <summary>How often finished rows are cleared out of the outbox.</summary>
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private readonly CallbackOptions _settings = options.Value;
    private DateTimeOffset _nextPurge;
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var listening = listener.ListenAsync(stopping);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await signal.WaitAsync(await DispatchDueAsync(stopping), stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            // Sends see the same token: they stop at once and hand their rows back.
            await Task.WhenAll(_inFlight.Values);
            await listening;
        }
    }

    /// <summary>One round; returns how long to wait for the next unless woken.</summary>
    private async Task<TimeSpan> DispatchDueAsync(CancellationToken stopping)
    {
        try
        {
            var now = time.GetUtcNow();
            foreach (var expired in await outbox.GiveUpExpiredAsync(now, stopping))
            {
                logger.LogWarning("Gave up callback {DeliveryId} of request {RequestId} (tenant {TenantId}): expired after {Attempts} attempts, last error: {LastError}",
                    expired.DeliveryId, expired.RequestId, expired.TenantId, expired.Attempts, expired.LastError);
            }
            if (now >= _nextPurge)
            {
                await outbox.PurgeFinishedAsync(now - _settings.FinishedRetention, stopping);
                _nextPurge = now + PurgeInterval;
            }
            var free = _settings.MaxConcurrentDeliveries - _inFlight.Count;
            if (free <= 0)
            {
                return _settings.PollInterval; // a finishing delivery wakes the loop
            }
            var claimed = await outbox.ClaimAsync(now, _settings.Lease, free, stopping);
            foreach (var callback in claimed)
            {
                var delivery = DeliverAsync(callback, stopping);
                _inFlight[callback.DeliveryId] = delivery;
                _ = delivery.ContinueWith(_ =>
                {
                    _inFlight.TryRemove(callback.DeliveryId, out var _);
                    signal.Wake();
                }, TaskScheduler.Default);
            }
            if (claimed.Count == free)
            {
                return TimeSpan.Zero; // more may be due
            }
            var wait = await outbox.NextDueAsync(stopping) is { } next ? next - time.GetUtcNow() : _settings.PollInterval;
            return wait < ShortestWait ? ShortestWait : wait > _settings.PollInterval ? _settings.PollInterval : wait;
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not look for due callbacks; trying again in {Delay}", _settings.PollInterval);
            return _settings.PollInterval;
        }
    }

    /// <summary>Sends one callback and records the outcome; never throws.</summary>
    private async Task DeliverAsync(PendingCallback callback, CancellationToken stopping)
    {
        try
        {
            var outcome = await sender.SendAsync(callback, stopping);
            var now = time.GetUtcNow();
            switch (outcome.Result)
            {
                case DeliveryResult.Delivered:
                    metrics.CallbackDelivered();
                    await outbox.MarkDeliveredAsync(callback.DeliveryId, now);
                    break;
                case DeliveryResult.Abandoned:
                    await outbox.ReleaseAsync(callback.DeliveryId, now);
                    break;
                case DeliveryResult.Refused:
                    metrics.CallbackFailed("refused");
                    await outbox.GiveUpAsync(callback.DeliveryId, outcome.Error!, now);
                    LogGaveUp(callback, outcome.Error!);
                    break;
                default:
                    metrics.CallbackFailed("failed");
                    var delay = CallbackBackoff.Delay(callback.Attempts + 1, _settings.FirstRetryDelay, _settings.MaxRetryDelay, Random.Shared.NextDouble());
                    if (await outbox.MarkFailedAsync(callback.DeliveryId, outcome.Error!, now + delay, now))
                    {
                        LogGaveUp(callback, $"expired; last error: {outcome.Error}");
                    }
                    break;
            }
        }
        catch (Exception e)
        {
            // The lease runs out and the row is sent again: a receiver drops the copy by its delivery id.
            logger.LogWarning(e, "Could not record the outcome of callback {DeliveryId}; it will be sent again", callback.DeliveryId);
        }
    }

    private void LogGaveUp(PendingCallback callback, string reason) =>
        logger.LogWarning("Gave up callback {DeliveryId} of request {RequestId} (tenant {TenantId}) after {Attempts} attempts: {Reason}",
            callback.DeliveryId, callback.RequestId, callback.TenantId, callback.Attempts + 1, reason);
}
