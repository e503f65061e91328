namespace Actors.Silo.Audit;

/// <summary>The audit trail's settings, section <c>Actors:Audit</c> (docs/operations.md lists them).</summary>
public sealed class AuditOptions
{
    /// <summary>Entries older than this many days leave the trail at the next retention cut.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>How often each silo looks for expired entries to cut.</summary>
    public TimeSpan RetentionCheckPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most entries one commit carries; entries arriving meanwhile share the next.</summary>
    public int EntriesPerCommit { get; set; } = 1000;

    /// <summary>Audit commits in flight at once per process.</summary>
    public int Writers { get; set; } = 2;
}
