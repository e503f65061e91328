namespace Actors.Abstractions.Requests;

/// <summary>
/// Deadline arithmetic of GDPR Art. 12(3): one month from receipt, up to two more with a
/// reason, the clock stopped while the subject's identity is being verified; the tenant's
/// own SLA gives an earlier target.
/// </summary>
public static class RequestDeadlines
{
    public const int LegalMonths = 1;
    public const int MaxExtensionMonths = 2;

    /// <summary>Time the clock has stood still by <paramref name="now"/>, a pause still running included.</summary>
    public static TimeSpan Paused(DataSubjectRequestState request, DateTimeOffset now) =>
        request.PausedFor + (request.VerificationPendingSince is { } since && now > since ? now - since : TimeSpan.Zero);

    /// <summary>The legal deadline as it stands at <paramref name="now"/> (a running pause pushes it on).</summary>
    public static DateTimeOffset DueAt(DataSubjectRequestState request, DateTimeOffset now) =>
        LegalDeadline(request) + Paused(request, now);

    /// <summary>The tenant's SLA target at <paramref name="now"/>; null without an SLA.</summary>
    public static DateTimeOffset? TargetAt(DataSubjectRequestState request, DateTimeOffset now) =>
        request.SlaDays > 0 ? request.ReceivedAt.AddDays(request.SlaDays) + Paused(request, now) : null;

    /// <summary>When the request is expected to be done: the earlier of the SLA target and the legal deadline.</summary>
    public static DateTimeOffset ExpectedCompletion(DataSubjectRequestState request, DateTimeOffset now) =>
        TargetAt(request, now) is { } target && target < DueAt(request, now) ? target : DueAt(request, now);

    /// <summary>An open request past its legal deadline; a paused one is never overdue (its clock stands still).</summary>
    public static bool IsOverdue(DataSubjectRequestState request, DateTimeOffset now) =>
        !request.IsFinal && !request.IsPaused && now > DueAt(request, now);

    /// <summary>The deadline as stored for listing: null while paused, since it is not running.</summary>
    public static DateTimeOffset? RunningDueAt(DataSubjectRequestState request) =>
        request.IsFinal || request.IsPaused ? null : LegalDeadline(request) + request.PausedFor;

    /// <summary>The SLA target as stored for listing: null while paused, final, or without an SLA.</summary>
    public static DateTimeOffset? RunningTargetAt(DataSubjectRequestState request) =>
        request.IsFinal || request.IsPaused || request.SlaDays == 0 ? null : request.ReceivedAt.AddDays(request.SlaDays) + request.PausedFor;

    /// <summary>One month from receipt, then the extension's months from that date (31 January: 28 February, then 28 April).</summary>
    private static DateTimeOffset LegalDeadline(DataSubjectRequestState request) =>
        request.ReceivedAt.AddMonths(LegalMonths).AddMonths(request.ExtendedMonths);
}
