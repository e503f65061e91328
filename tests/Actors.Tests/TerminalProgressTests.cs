using Actors.Abstractions.Audit;
using Actors.Silo.Audit;

namespace Actors.Tests;

/// <summary>The progress line of ./actors audit-verify on a terminal.</summary>
public sealed class TerminalProgressTests
{
    private readonly TerminalProgress _progress = new(TextWriter.Null, "checking the audit trail of acme");

    [Fact]
    public void The_line_gives_the_share_checked_and_the_time_left_at_the_rate_so_far()
    {
        Assert.Equal("checking the audit trail of acme: 2,500 of 10,000 entries (25%), about 30 s left",
            _progress.Line(new AuditProgress(2500, 10000), TimeSpan.FromSeconds(10)));
        Assert.Equal("checking the audit trail of acme: 1,000 of 100,000 entries (1%), about 16 min 30 s left",
            _progress.Line(new AuditProgress(1000, 100000), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void No_estimate_before_a_rate_can_be_told_or_once_done()
    {
        Assert.Equal("checking the audit trail of acme: 0 of 10 entries (0%)", _progress.Line(new AuditProgress(0, 10), TimeSpan.FromSeconds(5)));
        Assert.Equal("checking the audit trail of acme: 5 of 10 entries (50%)", _progress.Line(new AuditProgress(5, 10), TimeSpan.FromMilliseconds(100)));
        Assert.Equal("checking the audit trail of acme: 0 of 0 entries (100%)", _progress.Line(new AuditProgress(0, 0), TimeSpan.FromSeconds(5)));
    }
}
