using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Actors.Abstractions.Telemetry;

/// <summary>
/// The platform's own meter, <c>Actors</c>. Its tags are closed sets (a reason, an outcome, a
/// request's state and type), never a tenant's or user's value, so a metric cannot carry
/// personal data and its series stay few. Made by each host's meter factory, so that two
/// platforms in one process (the tests) keep their figures apart.
/// </summary>
public sealed class PlatformMetrics
{
    public const string MeterName = "Actors";

    private readonly Counter<long> _eventsIngested;
    private readonly Counter<long> _eventsDropped;
    private readonly Histogram<double> _forgetDuration;
    private readonly Histogram<double> _auditAppendDuration;
    private readonly Histogram<double> _stateCommitDuration;
    private readonly Counter<long> _callbacksDelivered;
    private readonly Counter<long> _callbacksFailed;
    private readonly UpDownCounter<long> _activeUsers;

    public PlatformMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _eventsIngested = Meter.CreateCounter<long>("actors.events.ingested", "{event}", "Events counted for their users");
        _eventsDropped = Meter.CreateCounter<long>("actors.events.dropped", "{event}", "Events dropped, by reason (suppressed, erased, over_limit)");
        _forgetDuration = Meter.CreateHistogram<double>("actors.forget.duration", "s", "Forget calls, from the gateway's start of the call to the signed erasure certificate",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _auditAppendDuration = Meter.CreateHistogram<double>("actors.audit.append.duration", "s", "Audit entries not carried by a state write, until durable",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _stateCommitDuration = Meter.CreateHistogram<double>("actors.state.commit.duration", "s", "Grain state writes with their audit entries, until durable",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _callbacksDelivered = Meter.CreateCounter<long>("actors.callbacks.delivered", "{callback}", "Signed callbacks a receiver accepted (2xx)");
        _callbacksFailed = Meter.CreateCounter<long>("actors.callbacks.failed", "{callback}", "Callback attempts that failed, by outcome (failed: retried, refused: given up)");
        _activeUsers = Meter.CreateUpDownCounter<long>("actors.users.active", "{grain}", "User grains active on this silo");
    }

    /// <summary>The meter itself, for instruments observed elsewhere (the requests by state and deadline).</summary>
    public Meter Meter { get; }

    /// <summary>From 1 ms to 10 s: a commit is a few ms, a forget tens of ms, a stalled database seconds.</summary>
    private static readonly double[] LatencyBuckets = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

    public void EventsIngested(long count) => _eventsIngested.Add(count);

    public void EventsDropped(long count, string reason)
    {
        if (count > 0)
        {
            _eventsDropped.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public void Forgotten(TimeSpan took) => _forgetDuration.Record(took.TotalSeconds);

    public void AuditAppended(TimeSpan took) => _auditAppendDuration.Record(took.TotalSeconds);

    public void StateCommitted(TimeSpan took) => _stateCommitDuration.Record(took.TotalSeconds);

    public void CallbackDelivered() => _callbacksDelivered.Add(1);

    public void CallbackFailed(string outcome) => _callbacksFailed.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void UserActivated() => _activeUsers.Add(1);

    public void UserDeactivated() => _activeUsers.Add(-1);

    /// <summary>Elapsed time since a <see cref="Stopwatch.GetTimestamp"/>, for the histograms above.</summary>
    public static TimeSpan Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp);
}
