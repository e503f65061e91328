using Actors.Abstractions.Requests;

namespace Actors.Tests;

public sealed class RequestDeadlinesTests
{
    private static readonly DateTimeOffset Received = new(2026, 1, 31, 9, 0, 0, TimeSpan.Zero);

    private static DataSubjectRequestState Request(int slaDays = 0, int extendedMonths = 0, TimeSpan paused = default, DateTimeOffset? pausedSince = null,
        RequestStatus status = RequestStatus.Pending) => new()
    {
        RequestId = Guid.NewGuid(),
        TenantId = "acme",
        Type = RequestType.Access,
        Status = status,
        ReceivedAt = Received,
        SlaDays = slaDays,
        ExtendedMonths = extendedMonths,
        PausedFor = paused,
        VerificationPendingSince = pausedSince,
    };

    [Fact]
    public void The_deadline_is_one_calendar_month_after_receipt_not_thirty_days()
    {
        // 31 January plus one month is the last day of February.
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 9, 0, 0, TimeSpan.Zero), RequestDeadlines.DueAt(Request(), Received));
    }

    [Fact]
    public void An_extension_adds_calendar_months_to_the_deadline_itself()
    {
        Assert.Equal(new DateTimeOffset(2026, 4, 28, 9, 0, 0, TimeSpan.Zero), RequestDeadlines.DueAt(Request(extendedMonths: 2), Received));
    }

    [Fact]
    public void A_running_pause_pushes_the_deadline_on_and_a_finished_one_stays_added()
    {
        var since = Received.AddDays(3);
        var now = since.AddDays(10);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero), RequestDeadlines.DueAt(Request(pausedSince: since), now));
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero), RequestDeadlines.DueAt(Request(paused: TimeSpan.FromDays(10)), now.AddDays(50)));
        Assert.Null(RequestDeadlines.RunningDueAt(Request(pausedSince: since)));
    }

    [Fact]
    public void The_SLA_target_is_expected_when_it_comes_first()
    {
        var request = Request(slaDays: 7);
        Assert.Equal(Received.AddDays(7), RequestDeadlines.TargetAt(request, Received));
        Assert.Equal(Received.AddDays(7), RequestDeadlines.ExpectedCompletion(request, Received));
        Assert.Equal(RequestDeadlines.DueAt(Request(), Received), RequestDeadlines.ExpectedCompletion(Request(), Received));
        Assert.Null(RequestDeadlines.TargetAt(Request(), Received));
    }

    [Fact]
    public void Only_an_open_running_request_past_its_deadline_is_overdue()
    {
        var late = Received.AddMonths(1).AddSeconds(1);
        Assert.True(RequestDeadlines.IsOverdue(Request(), late));
        Assert.False(RequestDeadlines.IsOverdue(Request(), late.AddSeconds(-2)));
        Assert.False(RequestDeadlines.IsOverdue(Request(status: RequestStatus.Completed), late));
        Assert.False(RequestDeadlines.IsOverdue(Request(pausedSince: Received.AddDays(1)), late.AddYears(1)));
        Assert.Null(RequestDeadlines.RunningDueAt(Request(status: RequestStatus.Denied)));
    }
}
