using System.Diagnostics.Metrics;
using Actors.Abstractions.Users;

namespace Actors.Api.Services;

/// <summary>
/// Counts of events taken in and dropped. A dropped event is counted here and nowhere else:
/// for a suppressed or erased user nothing about the event itself is kept.
/// </summary>
public sealed class EventMetrics : IDisposable
{
    public const string MeterName = "Actors.Events";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _dropped;

    public EventMetrics()
    {
        _accepted = _meter.CreateCounter<long>("actors.events.accepted", description: "Events counted for their users");
        _dropped = _meter.CreateCounter<long>("actors.events.dropped", description: "Events dropped, by reason");
    }

    public void Record(EventIntake intake)
    {
        _accepted.Add(intake.Accepted);
        _dropped.Add(intake.DroppedSuppressed, new KeyValuePair<string, object?>("reason", "suppressed"));
        _dropped.Add(intake.DroppedErased, new KeyValuePair<string, object?>("reason", "erased"));
        _dropped.Add(intake.DroppedOverLimit, new KeyValuePair<string, object?>("reason", "over_limit"));
    }

    public void Dispose() => _meter.Dispose();
}
