using System.Diagnostics;
using OpenTelemetry;

namespace Actors.Silo.Telemetry;

/// <summary>
/// Takes off every span, before any exporter sees it, the attributes that instrumentation
/// libraries may add and that can carry personal data: the caller's address and port, its user
/// agent, a query string, database parameter values. The platform's own spans never set them;
/// this holds for the libraries' spans too, whatever their defaults become.
/// </summary>
public sealed class PersonalDataScrubber : BaseProcessor<Activity>
{
    private static readonly string[] Personal =
    [
        "client.address", "client.port", "network.peer.address", "network.peer.port", "http.client_ip",
        "net.peer.ip", "net.sock.peer.addr", "user_agent.original", "http.user_agent", "url.query", "url.full",
        "enduser.id", "db.query.parameter", "exception.message", "exception.stacktrace",
        // A connection string names no person, but has no place in telemetry either.
        "db.npgsql.data_source",
    ];

    public override void OnEnd(Activity activity)
    {
        // An exception recorded as an event carries its message, which may quote a value, and
        // an event cannot be taken off a span: the span is not exported (its parent still shows
        // the failure by its status). The platform's own spans record no exception.
        foreach (var e in activity.Events)
        {
            if (e.Name == "exception")
            {
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                return;
            }
        }
        foreach (var name in Personal)
        {
            activity.SetTag(name, null);
        }
        foreach (var (key, _) in activity.TagObjects.ToList())
        {
            if (key.StartsWith("db.query.parameter.", StringComparison.Ordinal))
            {
                activity.SetTag(key, null);
            }
        }
        // A status description is an exception's message, which may quote a value; the code stays.
        // The platform's own spans describe a failure by the exception's type alone.
        if (activity.Status == ActivityStatusCode.Error && activity.StatusDescription is not null && activity.Source.Name != PlatformTracing.SourceName)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
