using Actors.Abstractions.Tenants;
using Actors.Abstractions.Users;
using Actors.V1;
using Google.Protobuf.WellKnownTypes;
using DomainBasis = Actors.Abstractions.Users.LawfulBasis;
using RetentionPolicy = Actors.Abstractions.Tenants.RetentionPolicy;

namespace Actors.Api.Mapping;

/// <summary>From a user grain's state to the messages of the contract.</summary>
public static class UserMapper
{
    public static Profile ToProfile(string userId, UserState state) => new()
    {
        UserId = userId,
        Attributes =
        {
            state.Attributes.Select(a => new V1.Attribute
            {
                Name = a.Name,
                Value = a.Value,
                Purpose = a.Purpose,
                UpdatedAt = Time(a.UpdatedAt),
                Rectifications = a.Rectifications,
            }),
        },
        Privacy = ToPrivacyState(state),
        CreatedAt = Time(state.CreatedAt),
        UpdatedAt = Time(state.UpdatedAt),
        Version = state.Version,
    };

    public static PrivacyState ToPrivacyState(UserState state) => new()
    {
        Suppressed = state.Suppression is not null,
        SuppressedAt = Time(state.Suppression?.Since),
        SuppressionReason = state.Suppression?.Reason ?? "",
    };

    public static PrivacyStatus ToPrivacyStatus(string userId, UserState state) =>
        new() { UserId = userId, State = ToPrivacyState(state), Version = state.Version };

    /// <summary>The consents as they stand <paramref name="now"/>: a grant past the tenant's expiry counts as withdrawn.</summary>
    public static ConsentState ToConsentState(string userId, UserState state, int historyLimit, RetentionPolicy retention, DateTimeOffset now) => new()
    {
        UserId = userId,
        Current =
        {
            state.Consents.Values.OrderBy(c => c.Purpose, StringComparer.Ordinal).Select(c =>
            {
                var decision = ToDecision(c);
                decision.Expired = c.Granted && retention.ConsentExpired(c.OccurredAt, now);
                decision.Granted &= !decision.Expired;
                return decision;
            }),
        },
        History = { state.ConsentHistory.Take(historyLimit).Select(ToDecision) },
        Version = state.Version,
    };

    public static V1.ErasureCertificate ToCertificate(string userId, Abstractions.Users.ErasureCertificate certificate) => new()
    {
        UserId = userId,
        ErasedAt = Time(certificate.Erasure.ErasedAt),
        AttributesErased = certificate.Erasure.AttributesErased,
        ConsentRecordsErased = certificate.Erasure.ConsentRecordsErased,
        ErasedNow = certificate.ErasedNow,
        DataKeyDestroyed = certificate.Erasure.DataKeyDestroyed,
        RawEventsPurged = certificate.Erasure.RawEventsPurged,
    };

    public static Activity ToActivity(string userId, UserState state) => new()
    {
        UserId = userId,
        Counts =
        {
            from name in state.EventCounts.OrderBy(n => n.Key, StringComparer.Ordinal)
            from day in name.Value.OrderBy(d => d.Key, StringComparer.Ordinal)
            select new DailyEventCount { Name = name.Key, Day = day.Key, Count = day.Value },
        },
        FirstSeen = Time(state.FirstSeen),
        LastSeen = Time(state.LastSeen),
    };

    public static DomainBasis ToDomain(V1.LawfulBasis basis) => (DomainBasis)(int)basis;

    private static V1.ConsentDecision ToDecision(ConsentRecord record) => new()
    {
        Purpose = record.Purpose,
        Granted = record.Granted,
        LawfulBasis = (V1.LawfulBasis)(int)record.LawfulBasis,
        Source = record.Source,
        PolicyVersion = record.PolicyVersion,
        OccurredAt = Time(record.OccurredAt),
        RecordedAt = Time(record.RecordedAt),
    };

    public static Timestamp? Time(DateTimeOffset? time) => time is { } t ? Timestamp.FromDateTimeOffset(t) : null;
}
