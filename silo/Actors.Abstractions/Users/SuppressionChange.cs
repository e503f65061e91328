using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>
/// One restriction of processing (GDPR Art. 18) being set or lifted: when, from where, and why.
/// </summary>
/// <param name="Source">Who asked: <see cref="SuppressionSources"/>.</param>
[GenerateSerializer, Immutable]
public sealed record SuppressionChange(bool Suppressed, string Source, [property: PersonalData] string Reason, DateTimeOffset At);

/// <summary>Where a suppression or its lifting came from.</summary>
public static class SuppressionSources
{
    /// <summary>The tenant's backend, with a server key.</summary>
    public const string Backend = "backend";

    /// <summary>The user's own app, with a device key and the user's token.</summary>
    public const string Device = "device";

    /// <summary>A data subject request carried out by the platform.</summary>
    public const string Request = "request";
}
