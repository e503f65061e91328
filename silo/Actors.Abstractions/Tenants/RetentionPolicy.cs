namespace Actors.Abstractions.Tenants;

/// <summary>
/// How long a tenant's user data may be kept. For users and consents 0 means no limit; raw
/// events are kept only when the tenant names a number of days.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RetentionPolicy(int InactiveUserExpiryDays, int ConsentExpiryMonths, int RawEventRetentionDays = 0)
{
    public static readonly RetentionPolicy None = new(0, 0);

    /// <summary>Whether raw events (not only their counts) are kept at all.</summary>
    public bool KeepsRawEvents => RawEventRetentionDays > 0;

    /// <summary>Raw events that happened before this are past keeping at <paramref name="now"/>; all of them if none are kept.</summary>
    public DateTimeOffset RawEventCutoff(DateTimeOffset now) =>
        KeepsRawEvents ? now.AddDays(-RawEventRetentionDays) : DateTimeOffset.MaxValue;

    /// <summary>Whether a grant made at <paramref name="grantedAt"/> counts as withdrawn at <paramref name="now"/>.</summary>
    public bool ConsentExpired(DateTimeOffset grantedAt, DateTimeOffset now) =>
        ConsentExpiryMonths > 0 && grantedAt < now.AddMonths(-ConsentExpiryMonths);

    /// <summary>Whether a user last active at <paramref name="lastActivity"/> is past keeping at <paramref name="now"/>.</summary>
    public bool UserExpired(DateTimeOffset lastActivity, DateTimeOffset now) =>
        InactiveUserExpiryDays > 0 && lastActivity < now.AddDays(-InactiveUserExpiryDays);
}
