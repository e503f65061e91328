using Actors.Api.Errors;
using Google.Protobuf.WellKnownTypes;

namespace Actors.Api.Validation;

/// <summary>
/// The one check of protobuf's shared types, for every message that has one: a Timestamp or
/// Duration whose seconds or nanos are out of range is INVALID_ARGUMENT naming the field, never
/// the INTERNAL an unchecked conversion throws.
/// </summary>
public static class WellKnownRules
{
    /// <summary>The time, or null if the field is unset.</summary>
    public static DateTimeOffset? Time(string field, Timestamp? value)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Nanos is < 0 or > 999_999_999)
        {
            throw Reject.InvalidArgument(field, $"has nanos {value.Nanos}; a timestamp's nanos are 0 to 999999999");
        }
        if (value.Seconds is < -62_135_596_800 or > 253_402_300_799)
        {
            throw Reject.InvalidArgument(field, $"has seconds {value.Seconds}; a timestamp lies from 0001-01-01 to 9999-12-31 UTC");
        }
        return value.ToDateTimeOffset();
    }

    public static DateTimeOffset RequiredTime(string field, Timestamp? value) =>
        Time(field, value) ?? throw Reject.InvalidArgument(field, "is required");

    /// <summary>The duration, or null if the field is unset.</summary>
    public static TimeSpan? Span(string field, Duration? value)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Nanos is < -999_999_999 or > 999_999_999 || value.Seconds != 0 && value.Nanos != 0 && value.Seconds < 0 != value.Nanos < 0)
        {
            throw Reject.InvalidArgument(field, $"has nanos {value.Nanos}; a duration's nanos are -999999999 to 999999999, with the sign of its seconds");
        }
        if (value.Seconds is < -315_576_000_000 or > 315_576_000_000)
        {
            throw Reject.InvalidArgument(field, $"has seconds {value.Seconds}; a duration lies within 10,000 years");
        }
        return value.ToTimeSpan();
    }
}
