namespace Actors.Abstractions.Tenants;

/// <summary>How long a tenant's user data may be kept; 0 means no limit.</summary>
[GenerateSerializer, Immutable]
public sealed record RetentionPolicy(int InactiveUserExpiryDays, int ConsentExpiryMonths)
{
    public static readonly RetentionPolicy None = new(0, 0);

    /// <summary>Whether a grant made at <paramref name="grantedAt"/> counts as withdrawn at <paramref name="now"/>.</summary>
    public bool ConsentExpired(DateTimeOffset grantedAt, DateTimeOffset now) =>
        ConsentExpiryMonths > 0 && grantedAt < now.AddMonths(-ConsentExpiryMonths);

    /// <summary>Whether a user last active at <paramref name="lastActivity"/> is past keeping at <paramref name="now"/>.</summary>
    public bool UserExpired(DateTimeOffset lastActivity, DateTimeOffset now) =>
        InactiveUserExpiryDays > 0 && lastActivity < now.AddDays(-InactiveUserExpiryDays);
}
