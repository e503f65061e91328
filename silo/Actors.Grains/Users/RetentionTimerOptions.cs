namespace Actors.Grains.Users;

/// <summary>How often each user grain checks its tenant's retention policy (a durable reminder).</summary>
public sealed class RetentionTimerOptions
{
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromDays(1);
}
