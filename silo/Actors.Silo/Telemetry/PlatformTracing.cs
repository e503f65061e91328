using System.Diagnostics;

namespace Actors.Silo.Telemetry;

/// <summary>
/// The platform's own spans, source <c>Actors</c>: the group commits, which serve many calls at
/// once and so belong to no single call's span. Their tags say what was committed and how many
/// callers shared it, never whose data it was.
/// </summary>
public static class PlatformTracing
{
    public const string SourceName = "Actors";

    /// <summary>A commit links to at most this many of the other callers' spans; a full group of 256 would make spans too large to export.</summary>
    private const int MaxLinks = 32;

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// A span for one commit: a child of the first traced caller, linked to the others. Null when
    /// nothing listens or no caller was traced (work from a timer or a sampled-out call), so an
    /// untraced platform pays one check.
    /// </summary>
    public static Activity? StartCommit(string what, int size, IEnumerable<ActivityContext> callers)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var caller in callers)
        {
            if (caller == default || !caller.TraceFlags.HasFlag(ActivityTraceFlags.Recorded))
            {
                continue;
            }
            if (parent == default)
            {
                parent = caller;
            }
            else if ((links ??= []).Count < MaxLinks)
            {
                links.Add(new ActivityLink(caller));
            }
        }
        if (parent == default)
        {
            return null;
        }
        var activity = Source.StartActivity("actors.commit", ActivityKind.Internal, parent, links: links);
        activity?.SetTag("actors.commit.of", what);
        activity?.SetTag("actors.commit.size", size);
        return activity;
    }
}
