using Actors.Abstractions.Tenants;

namespace Actors.PrivacyConsole.Reading;

/// <summary>How the pages put settings and times in words.</summary>
public static class ConsoleText
{
    public static string Retention(RetentionPolicy policy) => string.Join("; ",
        Limit("inactive users deleted after", policy.InactiveUserExpiryDays, "days"),
        Limit("consents expire after", policy.ConsentExpiryMonths, "months"),
        policy.RawEventRetentionDays == 0 ? "raw events not kept" : $"raw events kept {policy.RawEventRetentionDays} days");

    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "";

    /// <summary>The first characters of a pseudonymous reference: enough to tell users apart on a page.</summary>
    public static string Short(string reference) => reference.Length > 12 ? reference[..12] + "…" : reference;

    private static string Limit(string what, int value, string unit) => value == 0 ? $"{what}: no limit" : $"{what} {value} {unit}";
}
